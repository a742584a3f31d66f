package till.web;

import java.time.Instant;
import till.invoice.InvoiceStatus;
import till.invoice.Transaction;

/** The JSON shapes of API.md, built from Till's records. */
final class Views {
    private Views() {}

    record Invoice(String id, String invoiceHash, String bolt11, long amountMsat, String tag, String bptId,
                   String accountId, Instant createdAtUtc, Instant expiresAtUtc, InvoiceStatus status, String checkoutUrl) {}

    /** Public: what a payer's page needs, nothing about the account. {@code settledAtUtc} is null until paid. */
    record Status(String invoiceHash, InvoiceStatus status, long amountMsat, Instant expiresAtUtc, Instant settledAtUtc) {}

    static Invoice invoice(Transaction t, String publicUrl) {
        return new Invoice(t.id(), t.invoiceHash(), t.bolt11(), t.amountMsat(), t.tag(), t.bptId(), t.accountId(),
                t.createdAt(), t.expiresAt(), t.status(), publicUrl + "/checkout/" + t.invoiceHash());
    }

    static Status status(Transaction t) {
        return new Status(t.invoiceHash(), t.status(), t.amountMsat(), t.expiresAt(), t.settledAt());
    }
}
