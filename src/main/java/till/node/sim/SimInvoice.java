package till.node.sim;

/**
 * One invoice held by the simulated node. Immutable: paying it yields a new value.
 * {@code amountMsat} is null for an "any" invoice; the payment members are null while unpaid.
 */
record SimInvoice(
        String label,
        String bolt11,
        String paymentHash,
        String preimage,
        String paymentSecret,
        Long amountMsat,
        String description,
        long createdAt,
        long expiresAt,
        long createdIndex,
        Long payIndex,
        Long amountReceivedMsat,
        Long paidAt,
        Long updatedIndex) {

    boolean isPaid() {
        return payIndex != null;
    }

    /** Core Lightning's status: an unpaid invoice past its expiry is "expired". */
    String status(long nowSeconds) {
        if (isPaid()) {
            return "paid";
        }
        return nowSeconds > expiresAt ? "expired" : "unpaid";
    }

    /** The same invoice at its place in the node's creation order. */
    SimInvoice numbered(long index) {
        return new SimInvoice(label, bolt11, paymentHash, preimage, paymentSecret, amountMsat, description, createdAt,
                expiresAt, index, payIndex, amountReceivedMsat, paidAt, updatedIndex);
    }

    SimInvoice paid(long payIndex, long amountReceivedMsat, long paidAt, long updatedIndex) {
        return new SimInvoice(label, bolt11, paymentHash, preimage, paymentSecret, amountMsat, description, createdAt,
                expiresAt, createdIndex, payIndex, amountReceivedMsat, paidAt, updatedIndex);
    }
}
