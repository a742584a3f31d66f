package till.payment;

import org.jdbi.v3.core.Handle;

/**
 * Told when an outgoing payment ends (succeeded or failed), inside the database transaction that ends it: what it
 * writes (a callback in the webhook outbox) commits with the end or not at all, and is written once.
 */
@FunctionalInterface
public interface PaymentEnded {
    void ended(Handle handle, OutgoingPayment payment);
}
