package till.invoice;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The Transaction object of the HTTP API (openapi.json), as the read endpoints, the WebSocket and the webhook all send it. Its {@code id} is
 * the public id ({@link Invoice#seq}), a number as in IBEXPay's webhook example ({@code "id": 6125}).
 */
public record TransactionJson(long id, String invoiceHash, String bolt11, Instant createdAtUtc, Instant settledAtUtc,
                              Instant expiresAtUtc, long amountMsat, Long receivedMsat, Long feeProcessMsat, String tag,
                              String accountId, String bptId, @JsonProperty("isPaid") boolean isPaid, InvoiceStatus status,
                              int splitBitcoinPercentage) {

    public static TransactionJson of(Invoice t) {
        return new TransactionJson(t.seq(), t.invoiceHash(), t.bolt11(), t.createdAt(), t.settledAt(), t.expiresAt(),
                t.amountMsat(), t.receivedMsat(), t.feeProcessMsat(), t.tag(), t.accountId(), t.bptId(), t.isPaid(),
                t.status(), t.splitBitcoinPercentage());
    }
}
