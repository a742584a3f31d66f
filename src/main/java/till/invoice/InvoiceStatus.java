package till.invoice;

/** An invoice's state; the constants are spelled as they appear in JSON and in the database. */
public enum InvoiceStatus {
    unpaid, paid, expired
}
