package till.invoice;

/** Told, after the change is committed, when an invoice becomes paid or expired (and, if it cares, when one is created). */
@FunctionalInterface
public interface InvoiceListener {
    void invoiceChanged(Transaction transaction);

    /** After a new invoice is recorded; most listeners only care about changes. */
    default void invoiceCreated(Transaction transaction) {}
}
