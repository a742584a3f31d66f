package till.webhook;

/** Where a webhook delivery stands; the constants are spelled as in JSON and in the database. */
public enum DeliveryStatus {
    /** Waiting for its first or next attempt. */
    pending,
    /** The receiver answered 2xx. */
    delivered,
    /** The receiver answered 410 Gone: no more attempts. */
    stopped,
    /** The retry schedule ran out. */
    failed
}
