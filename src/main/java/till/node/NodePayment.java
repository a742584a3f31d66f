package till.node;

/**
 * One attempt of the node to pay a bolt11. {@code amountMsat} is what the recipient gets, {@code amountSentMsat} that
 * plus the routing fee; members the state does not carry are null (a failed attempt has no preimage).
 * {@code createdAt} is in epoch seconds.
 */
public record NodePayment(
        OutgoingState state,
        String paymentHash,
        String preimage,
        Long amountMsat,
        Long amountSentMsat,
        Long createdAt) {

    public boolean isComplete() {
        return state == OutgoingState.COMPLETE;
    }
}
