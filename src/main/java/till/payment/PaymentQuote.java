package till.payment;

/**
 * What paying a bolt11 would take, before it is paid: the amount, the fee cap (the most the node may spend on
 * routing; 0 for a bolt11 of this Till, paid between accounts without the node) and what the bolt11 says.
 */
public record PaymentQuote(DecodedBolt11 bolt11, long amountMsat, long maxFeeMsat, boolean internal) {
    /** What the payment takes from the balance while it is in flight. */
    public long reservedMsat() {
        return amountMsat + maxFeeMsat;
    }
}
