package till.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import till.invoice.InvoiceStatus;
import till.invoice.Transaction;

/** The JSON shapes of API.md, built from Till's records. */
final class Views {
    private Views() {}

    record Invoice(String id, String invoiceHash, String bolt11, long amountMsat, String tag, String bptId,
                   String accountId, Instant createdAtUtc, Instant expiresAtUtc, InvoiceStatus status, String checkoutUrl) {}

    record TransactionView(String id, String invoiceHash, String bolt11, Instant createdAtUtc, Instant settledAtUtc,
                           Instant expiresAtUtc, long amountMsat, Long receivedMsat, Long feeProcessMsat, String tag,
                           String accountId, String bptId, @JsonProperty("isPaid") boolean isPaid, InvoiceStatus status,
                           int splitBitcoinPercentage) {}

    record Status(String invoiceHash, InvoiceStatus status, long amountMsat, Instant expiresAtUtc) {}

    static Invoice invoice(Transaction t, String publicUrl) {
        return new Invoice(t.id(), t.invoiceHash(), t.bolt11(), t.amountMsat(), t.tag(), t.bptId(), t.accountId(),
                t.createdAt(), t.expiresAt(), t.status(), publicUrl + "/checkout/" + t.invoiceHash());
    }

    static TransactionView transaction(Transaction t) {
        return new TransactionView(t.id(), t.invoiceHash(), t.bolt11(), t.createdAt(), t.settledAt(), t.expiresAt(),
                t.amountMsat(), t.receivedMsat(), t.feeProcessMsat(), t.tag(), t.accountId(), t.bptId(), t.isPaid(),
                t.status(), t.splitBitcoinPercentage());
    }

    static Status status(Transaction t) {
        return new Status(t.invoiceHash(), t.status(), t.amountMsat(), t.expiresAt());
    }
}
