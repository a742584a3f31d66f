package till.refund;

/** Spelled as in JSON and the database. */
public enum RefundStatus {
    /** The node is being asked to send it (for the moment of that call). */
    pending,
    /** The node broadcast it: the refund's {@code txid} is known. */
    sent
}
