package till.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import till.charge.Charge;
import till.charge.ChargeView;

/**
 * The charge object as OpenNode's API returns it (snake_case, unix-second times, amounts in satoshis), with the
 * fields Till can fill honestly: no fiat values (Till does no conversion) and no on-chain address (not supported).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChargeJson(String id, String description, boolean descHash, long createdAt, String status, long amount,
                  String callbackUrl, String successUrl, String hostedCheckoutUrl, String orderId, String currency,
                  boolean autoSettle, int ttl, String uri, LightningInvoice lightningInvoice, Object chainInvoice) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LightningInvoice(long expiresAt, String payreq) {}

    static ChargeJson of(ChargeView view, String publicUrl) {
        Charge charge = view.charge();
        return new ChargeJson(charge.id(), charge.description(), false, charge.createdAt().getEpochSecond(), view.status(),
                charge.amountSat(), charge.callbackUrl(), charge.successUrl(),
                publicUrl + "/checkout/" + view.invoice().invoiceHash(), charge.orderId(), "BTC", charge.autoSettle(),
                charge.ttlMinutes(), "lightning:" + view.invoice().bolt11(),
                new LightningInvoice(view.invoice().expiresAt().getEpochSecond(), view.invoice().bolt11()), null);
    }
}
