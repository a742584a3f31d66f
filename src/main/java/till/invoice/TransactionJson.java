package till.invoice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import till.fiat.FiatPrice;

/**
 * The Transaction object of the HTTP API (openapi.json), as the read endpoints, the WebSocket and the webhook all send it. Its {@code id} is
 * the public id ({@link Invoice#seq}), a number as in IBEXPay's webhook example ({@code "id": 6125}). A charge with an
 * address adds {@code onchain}: what its charge JSON says of its on-chain payments, in msat; absent for other invoices.
 * An invoice priced in fiat adds its {@link Fiat} price; one priced in bitcoin has none of those fields, so its
 * webhook bodies are exactly what they were before fiat existed.
 */
public record TransactionJson(long id, String invoiceHash, String bolt11, Instant createdAtUtc, Instant settledAtUtc,
                              Instant expiresAtUtc, long amountMsat, Long receivedMsat, Long feeProcessMsat, String tag,
                              String accountId, String bptId, @JsonProperty("isPaid") boolean isPaid, InvoiceStatus status,
                              int splitBitcoinPercentage, @JsonUnwrapped Fiat fiat,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Onchain onchain) {

    /**
     * What an invoice priced in fiat was priced at: {@code amountFiat} at the currency's scale ("4.50"), {@code rate}
     * the price of one bitcoin in that currency ("90000"), from {@code rateSource} at {@code rateAtUtc}; decimals as
     * strings, never floats. Also in the answer of {@code /invoice/add}.
     */
    public record Fiat(String currency, String amountFiat, String rate, String rateSource, Instant rateAtUtc) {
        /** Null (no fields at all) for an invoice priced in bitcoin. */
        public static Fiat of(FiatPrice price) {
            return price == null ? null : new Fiat(price.currency(), price.amountText(), price.btcPriceText(),
                    price.source(), price.rateAt());
        }
    }

    /** The address, what is still missing (while underpaid), what arrived beyond the amount, and each output. */
    public record Onchain(String address, Long missingMsat, Long overpaidMsat, List<Output> outputs) {}

    /** One output paying the address: {@code status} pending, confirmed or replaced. */
    public record Output(String txid, int vout, long amountMsat, String status, Instant createdAtUtc, Instant settledAtUtc) {}

    public static TransactionJson of(Invoice t) {
        return of(t, null);
    }

    public static TransactionJson of(Invoice t, Onchain onchain) {
        return new TransactionJson(t.seq(), t.invoiceHash(), t.bolt11(), t.createdAt(), t.settledAt(), t.expiresAt(),
                t.amountMsat(), t.receivedMsat(), t.feeProcessMsat(), t.tag(), t.accountId(), t.bptId(), t.isPaid(),
                t.status(), t.splitBitcoinPercentage(), Fiat.of(t.price()), onchain);
    }
}
