package till.invoice;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Handle;

/**
 * What happens to invoices, for whoever cares: hooks inside the database transaction of a change, listeners and paid
 * waiters after its commit. In one process ({@link LocalInvoiceEvents}, the embedded database), or across the Till
 * processes sharing a PostgreSQL database ({@link PgInvoiceEvents}): a listener is then told of every process's changes,
 * except one registered with {@link #addLocalListener}.
 */
public interface InvoiceEvents extends AutoCloseable {

    /** Told, after the change is committed, when an invoice becomes paid or expired (and, if it cares, when one is created). */
    @FunctionalInterface
    interface Listener {
        void invoiceChanged(Invoice transaction);

        /** After a new invoice is recorded (by this process); most listeners only care about changes. */
        default void invoiceCreated(Invoice transaction) {}

        /**
         * The invoices (by hash) whose next change this listener waits for: when changes made by other processes may
         * have been missed (the connection that brings them broke), these are read again and told if they changed.
         */
        default Collection<String> awaited() {
            return List.of();
        }
    }

    /**
     * Runs inside the database transaction that makes an invoice paid or expired, so that whatever it writes (such as
     * a callback in the webhook outbox) commits with the change or not at all. Lets packages above this one react
     * without this one knowing them.
     */
    @FunctionalInterface
    interface Hook {
        void changed(Handle handle, Invoice transaction);
    }

    /** Told of every change, whichever process made it. */
    void addListener(Listener listener);

    /** Told only of the changes this process makes: for counting them, so that several processes count each once. */
    void addLocalListener(Listener listener);

    void addHook(Hook hook);

    /** Inside the change's database transaction: runs every hook (one that throws rolls the change back). */
    void changing(Handle handle, Invoice changed);

    /** {@link #changing(Handle, Invoice)} for each of several changes in one transaction. */
    default void changing(Handle handle, List<Invoice> changed) {
        changed.forEach(invoice -> changing(handle, invoice));
    }

    /** After a new invoice is committed. */
    void created(Invoice created);

    /** After a change (paid, expired) is committed: tells the listeners and the paid waiters. */
    void changed(Invoice changed);

    /** Completes when the invoice is paid (at once if it already is). */
    CompletableFuture<Invoice> whenPaid(String invoiceHash);

    /** Starts what runs in the background, if anything (listening for other processes' changes). */
    default InvoiceEvents start() {
        return this;
    }

    @Override
    default void close() {}
}
