package till.node;

/**
 * One invoice as {@code listinvoices} and {@code waitanyinvoice} return it.
 * Fields present only for paid invoices are null otherwise; {@code amountMsat} is null for "any" invoices.
 * {@code status} is "unpaid", "paid" or "expired".
 */
public record NodeInvoice(
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
        String paymentPreimage) {

    public boolean isPaid() {
        return "paid".equals(status);
    }
}
