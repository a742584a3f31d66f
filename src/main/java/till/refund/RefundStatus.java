package till.refund;

/** Spelled as in JSON and the database. */
public enum RefundStatus {
    /**
     * The node is being asked to send it, or its answer was lost: then {@link RefundSettlement} settles it from the
     * node's wallet.
     */
    pending,
    /** The node broadcast it: the refund's {@code txid} is known. */
    sent
}
