package till.node;

/** What asking the node to cancel an unpaid invoice did. */
public enum Cancellation {
    /** It was unpaid and is now gone: the node refuses any payment for it. */
    CANCELLED,
    /** The node has no such invoice (cancelled earlier, or never issued there). */
    NOT_FOUND,
    /** Too late: it was paid on the node. */
    ALREADY_PAID,
    /** It had expired on the node. */
    EXPIRED
}
