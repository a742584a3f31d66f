package till.invoice;

import java.time.Instant;
import till.fiat.FiatPrice;

/**
 * One invoice Till issued and what became of it (a row of {@code transactions}); IBEXPay's JSON calls it a
 * Transaction ({@link TransactionJson}).
 *
 * <p>{@code seq} is its public id, the JSON's {@code id}: a number, as IBEXPay's is, assigned by the database when the
 * row is inserted (an identity column, never reused, even after a delete or a crash) and also the order of pages.
 * {@code id} is the internal key (a UUID v7) that other tables reference and the node's label carries.
 * {@code bolt11} and {@code label} are its Lightning payment request's (a row of {@code payment_request}); status,
 * settledAt and the amounts are what the settlement derived from its incoming payments. {@code price} is what it was
 * priced at in fiat, or null when it was priced in bitcoin.
 */
public record Invoice(
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
        FiatPrice price) {

    public boolean isPaid() {
        return status == InvoiceStatus.paid;
    }

    /** Its account was credited: it was paid (it may be again, or no longer after a reorg); the credit is made once. */
    public boolean isCredited() {
        return receivedMsat != null;
    }

    /** Paid, expired or refunded: nothing more will happen to it, except that a late payment still turns expired into paid. */
    public boolean isFinal() {
        return status == InvoiceStatus.paid || status == InvoiceStatus.expired || status == InvoiceStatus.refunded;
    }

    /** This invoice once inserted, with the public id the database gave it. */
    public Invoice inserted(long assignedSeq) {
        return new Invoice(assignedSeq, id, accountId, bptId, invoiceHash, bolt11, label, amountMsat, tag, webhookUrl,
                webhookSecret, splitBitcoinPercentage, status, createdAt, expiresAt, settledAt, amountReceivedMsat,
                receivedMsat, feeProcessMsat, price);
    }

    /** This invoice as {@code markPaid} leaves it in the database. */
    public Invoice settled(Instant at, long amountReceivedMsat, long receivedMsat, long feeProcessMsat) {
        return new Invoice(seq, id, accountId, bptId, invoiceHash, bolt11, label, amountMsat, tag, webhookUrl,
                webhookSecret, splitBitcoinPercentage, InvoiceStatus.paid, createdAt, expiresAt, at, amountReceivedMsat,
                receivedMsat, feeProcessMsat, price);
    }

    /** This invoice with another derived status (processing, underpaid), before it is paid. */
    public Invoice withStatus(InvoiceStatus derived) {
        return new Invoice(seq, id, accountId, bptId, invoiceHash, bolt11, label, amountMsat, tag, webhookUrl,
                webhookSecret, splitBitcoinPercentage, derived, createdAt, expiresAt, settledAt, amountReceivedMsat,
                receivedMsat, feeProcessMsat, price);
    }

    /** This invoice without its fiat price: what a checkout asked to hide fiat (OpenNode's {@code ?hf=1}) shows. */
    public Invoice withoutPrice() {
        return new Invoice(seq, id, accountId, bptId, invoiceHash, bolt11, label, amountMsat, tag, webhookUrl,
                webhookSecret, splitBitcoinPercentage, status, createdAt, expiresAt, settledAt, amountReceivedMsat,
                receivedMsat, feeProcessMsat, null);
    }
}
