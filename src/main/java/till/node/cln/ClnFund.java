package till.node.cln;

/**
 * One {@code listfunds} output: {@code status} is "confirmed", "unconfirmed", "spent" (or "immature");
 * {@code blockHeight} and {@code address} may be absent (null).
 */
public record ClnFund(String txid, int output, long amountMsat, String scriptPubKey, String address, String status,
                      Integer blockHeight, boolean reserved) { }
