package till.invoice;

import org.jdbi.v3.core.Handle;

/**
 * Runs inside the database transaction that makes an invoice paid or expired, so that whatever it writes (such as
 * a callback in the webhook outbox) commits with the change or not at all. Lets packages above this one react
 * without this one knowing them.
 */
@FunctionalInterface
public interface InvoiceHook {
    void changed(Handle handle, Transaction transaction);
}
