package till.node.sim;

/**
 * One outgoing payment attempt of the simulated node. Its whole future is decided when it starts: it stays
 * "pending" until {@code finishesAtMillis}, then is "complete", or "failed" with {@code failCode}. So the journal
 * needs one event per attempt, and a restart finds it in the state it would have reached anyway.
 */
record SimPayment(
        String paymentHash,
        String bolt11,
        String destination,
        long amountMsat,
        long amountSentMsat,
        String preimage,
        long createdAtMillis,
        long finishesAtMillis,
        long createdIndex,
        Integer failCode) {

    String status(long nowMillis) {
        if (nowMillis < finishesAtMillis) {
            return "pending";
        }
        return failCode == null ? "complete" : "failed";
    }
}
