package till.payment;

import org.jdbi.v3.core.Handle;

/**
 * Something a caller stores with an outgoing payment (an OpenNode withdrawal's callback): written in the database
 * transaction that opens the payment, so it exists before the node is asked, and only for a payment this request
 * opened (a bolt11 already paying answers its first payment, with that payment's notes).
 */
@FunctionalInterface
public interface PaymentNote {
    void write(Handle handle, String paymentId);
}
