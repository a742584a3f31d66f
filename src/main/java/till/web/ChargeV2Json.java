package till.web;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import till.charge.Charge;
import till.charge.ChargeView;
import till.invoice.Invoice;
import till.invoice.InvoiceStatus;

/**
 * The charge as OpenNode's {@code GET /v2/charge/{id}} returns it: {@code price} and {@code fee} in satoshis, times as
 * ISO-8601, the Lightning invoice under {@code lightning} and the on-chain outputs under {@code onchain};
 * {@code payment_method} is "lightning" or "chain" once something arrived. The fiat fields are the v1 object's;
 * {@code net_fiat_value} is {@code fiat_value} less Till's processing fee. Till never exchanges ({@code exchanged} false).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChargeV2Json(String id, String description, long price, String status, Instant createdAt, long fee,
                    String currency, BigDecimal sourceFiatValue, BigDecimal fiatValue, BigDecimal netFiatValue,
                    ChargeJson.ExchangeRate exchangeRate, String notes, String orderId, List<Onchain> onchain,
                    Lightning lightning, @JsonRawValue String metadata, String address, boolean exchanged,
                    Long missingAmt, Instant settledAt, String paymentMethod, int ttl, boolean descHash,
                    String hostedCheckoutUrl, String callbackUrl, String successUrl, boolean autoSettle,
                    String notifEmail) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Lightning(String id, String status, long price, String payreq, Instant createdAt, Instant expiresAt,
                     Instant settledAt, String checkoutId) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Onchain(String address, String tx, long amount, String status, Instant createdAt, Instant settledAt) {}

    static ChargeV2Json of(ChargeView view, String publicUrl) {
        Charge charge = view.charge();
        Invoice invoice = view.invoice();
        long fee = invoice.feeProcessMsat() == null ? 0 : invoice.feeProcessMsat() / 1000;
        boolean paidOnchain = !view.payments().isEmpty();
        boolean paidByLightning = invoice.isPaid() && !paidOnchain;
        Lightning lightning = new Lightning(invoice.invoiceHash(), paidByLightning ? "paid"
                : invoice.status() == InvoiceStatus.expired ? "expired" : "unpaid", charge.amountSat(), invoice.bolt11(),
                invoice.createdAt(), invoice.expiresAt(), paidByLightning ? invoice.settledAt() : null, charge.id());
        List<Onchain> onchain = view.payments().stream().map(p -> new Onchain(view.address(), p.outpoint().txid(),
                p.amountMsat() / 1000, p.state().name(), p.receivedAt(), p.settledAt())).toList();
        return new ChargeV2Json(charge.id(), charge.shownDescription(), charge.amountSat(), view.status(),
                charge.createdAt(), fee, view.currency(), view.sourceFiatValue(), view.fiatValue(),
                netFiatValue(view.fiatValue(), charge.amountSat(), fee), ChargeJson.ExchangeRate.of(invoice.price()), null,
                charge.orderId(), onchain, lightning, ChargeJson.metadata(charge), view.address(), false,
                view.missingSat(), invoice.settledAt(), paidOnchain ? "chain" : paidByLightning ? "lightning" : null,
                charge.ttlMinutes(), false, ChargeJson.hostedCheckoutUrl(view, publicUrl), charge.callbackUrl(),
                charge.successUrl(), charge.autoSettle(), charge.notifEmail());
    }

    /** The fiat value of what the shop keeps (the price less the fee), at the currency's minor units. */
    private static BigDecimal netFiatValue(BigDecimal fiatValue, long priceSat, long feeSat) {
        if (fiatValue == null) {
            return null;
        }
        return fiatValue.multiply(BigDecimal.valueOf(priceSat - feeSat))
                .divide(BigDecimal.valueOf(priceSat), fiatValue.scale(), RoundingMode.HALF_UP);
    }
}
