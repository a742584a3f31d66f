package till.node;

/**
 * One outgoing payment as {@code pay} returns it or {@code listpays} lists it. {@code status} is "complete",
 * "pending" or "failed"; {@code amountMsat} is what the recipient gets, {@code amountSentMsat} that plus the fee.
 * Members a status does not carry are null (a failed payment has no preimage and, in listpays, no amount_msat).
 */
public record NodePayment(
        String status,
        String paymentHash,
        String destination,
        String preimage,
        Long amountMsat,
        Long amountSentMsat,
        Long createdAt) {

    public static final String COMPLETE = "complete";
    public static final String PENDING = "pending";
    public static final String FAILED = "failed";

    public boolean isComplete() {
        return COMPLETE.equals(status);
    }

    public boolean isPending() {
        return PENDING.equals(status);
    }

    /** The routing fee: what was sent beyond what the recipient received; null unless both are known. */
    public Long feeMsat() {
        return amountMsat == null || amountSentMsat == null ? null : amountSentMsat - amountMsat;
    }
}
