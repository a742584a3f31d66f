package till.node.cln;

/**
 * One invoice as {@code listinvoices} and {@code waitanyinvoice} return it.
 * Fields present only for paid invoices are null otherwise; {@code amountMsat} is null for "any" invoices.
 * {@code status} is "unpaid", "paid" or "expired". {@code updatedIndex} (CLN 23.08+) orders the node's changes to
 * its invoices; null when the invoice never changed or the node is older.
 */
public record ClnInvoice(
        String label,
        String bolt11,
        String paymentHash,
        Long amountMsat,
        String status,
        String description,
        long expiresAt,
        Long payIndex,
        Long amountReceivedMsat,
        Long paidAt,
        String paymentPreimage,
        Long updatedIndex) {

    public boolean isPaid() {
        return "paid".equals(status);
    }
}
