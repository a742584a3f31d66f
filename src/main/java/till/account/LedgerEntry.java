package till.account;

/** One change to an account's balance (negative takes), for the transaction or payment {@code reference}. */
public record LedgerEntry(String accountId, long amountMsat, String reference) {}
