package till.invoice;

import java.time.Instant;

/** One invoice Till issued and what became of it (a row of {@code transactions}). */
public record Transaction(
        long seq,
        String id,
        String accountId,
        String bptId,
        String invoiceHash,
        String bolt11,
        String label,
        long amountMsat,
        String tag,
        String webhookUrl,
        String webhookSecret,
        int splitBitcoinPercentage,
        InvoiceStatus status,
        Instant createdAt,
        Instant expiresAt,
        Instant settledAt,
        Long amountReceivedMsat,
        Long receivedMsat,
        Long feeProcessMsat,
        Long payIndex) {

    public boolean isPaid() {
        return status == InvoiceStatus.paid;
    }

    /** Paid or expired: nothing more will happen to it, except that a late payment still turns expired into paid. */
    public boolean isFinal() {
        return status != InvoiceStatus.unpaid;
    }

    /** This invoice as {@code markPaid} leaves it in the database. */
    public Transaction settled(Instant at, long amountReceivedMsat, long receivedMsat, long feeProcessMsat, Long payIndex) {
        return new Transaction(seq, id, accountId, bptId, invoiceHash, bolt11, label, amountMsat, tag, webhookUrl,
                webhookSecret, splitBitcoinPercentage, InvoiceStatus.paid, createdAt, expiresAt, at, amountReceivedMsat,
                receivedMsat, feeProcessMsat, payIndex);
    }
}
