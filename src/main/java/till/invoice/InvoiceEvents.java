package till.invoice;

import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Handle;

/**
 * What happens to invoices, for whoever cares: hooks inside the database transaction of a change, listeners and paid
 * waiters after its commit. In-process today ({@link LocalInvoiceEvents}); an implementation over PostgreSQL's
 * LISTEN/NOTIFY can replace it when several Till processes share a database.
 */
public interface InvoiceEvents {

    /** Told, after the change is committed, when an invoice becomes paid or expired (and, if it cares, when one is created). */
    @FunctionalInterface
    interface Listener {
        void invoiceChanged(Invoice transaction);

        /** After a new invoice is recorded; most listeners only care about changes. */
        default void invoiceCreated(Invoice transaction) {}
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

    void addListener(Listener listener);

    void addHook(Hook hook);

    /** Inside the change's database transaction: runs every hook (one that throws rolls the change back). */
    void changing(Handle handle, Invoice changed);

    /** After a new invoice is committed. */
    void created(Invoice created);

    /** After a change (paid, expired) is committed: tells the listeners and the paid waiters. */
    void changed(Invoice changed);

    /** Completes when the invoice is paid (at once if it already is). */
    CompletableFuture<Invoice> whenPaid(String invoiceHash);
}
