package till.node.cln;

/**
 * One outgoing payment as {@code pay} returns it or {@code listpays} lists it. {@code status} is "complete",
 * "pending" or "failed"; {@code amountMsat} is what the recipient gets, {@code amountSentMsat} that plus the fee.
 * Members a status does not carry are null (a failed payment has no preimage and, in listpays, no amount_msat).
 */
public record ClnPay(
        String status,
        String paymentHash,
        String destination,
        String preimage,
        Long amountMsat,
        Long amountSentMsat,
        Long createdAt) {}
