package till.invoice;

/** Told, after the change is committed, when an invoice becomes paid or expired. */
@FunctionalInterface
public interface InvoiceListener {
    void invoiceChanged(Transaction transaction);
}
