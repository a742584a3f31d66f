package till.node;

/** Where one of the node's invoices stands. */
public enum NodeInvoiceState {
    UNPAID, PAID, EXPIRED
}
