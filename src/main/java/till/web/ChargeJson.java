package till.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import till.charge.Charge;
import till.charge.ChargeView;
import till.refund.Refund;

/**
 * The charge object as OpenNode's API returns it (snake_case, unix-second times, amounts in satoshis), with the
 * fields Till can fill honestly: no fiat values (Till does no conversion). {@code address} and {@code chain_invoice}
 * are null when on-chain payments are off; {@code missing_amt} is set while underpaid, {@code overpaid_by} when more
 * than the amount arrived on-chain; {@code transactions} lists the outputs paying the address; {@code refund}, only on a
 * refunded charge, is its refund (with the refund's txid as {@code tx}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChargeJson(String id, String description, boolean descHash, long createdAt, String status, long amount,
                  String callbackUrl, String successUrl, String hostedCheckoutUrl, String orderId, String currency,
                  boolean autoSettle, int ttl, String uri, String address, LightningInvoice lightningInvoice,
                  ChainInvoice chainInvoice, Long missingAmt, Long overpaidBy, List<ChainTransaction> transactions,
                  @JsonInclude(JsonInclude.Include.NON_NULL) RefundJson refund) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LightningInvoice(long expiresAt, String payreq) {}

    record ChainInvoice(String address) {}

    /** One output paying the charge's address, as OpenNode lists them: amount in satoshis, times in unix seconds. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ChainTransaction(String address, long createdAt, Long settledAt, String tx, String status, long amount) {}

    /** {@code refund}: the charge's refund, or null (then the JSON has no {@code refund}). */
    static ChargeJson of(ChargeView view, String publicUrl, Refund refund) {
        Charge charge = view.charge();
        List<ChainTransaction> transactions = view.payments().stream().map(p -> new ChainTransaction(view.address(),
                p.receivedAt().getEpochSecond(), p.settledAt() == null ? null : p.settledAt().getEpochSecond(),
                p.outpoint().txid(), p.state().name(), p.amountMsat() / 1000)).toList();
        return new ChargeJson(charge.id(), charge.description(), false, charge.createdAt().getEpochSecond(), view.status(),
                charge.amountSat(), charge.callbackUrl(), charge.successUrl(),
                publicUrl + "/checkout/" + view.invoice().invoiceHash(), charge.orderId(), "BTC", charge.autoSettle(),
                charge.ttlMinutes(), view.uri(), view.address(),
                new LightningInvoice(view.invoice().expiresAt().getEpochSecond(), view.invoice().bolt11()),
                view.address() == null ? null : new ChainInvoice(view.address()), view.missingSat(), view.overpaidBySat(),
                transactions, refund == null ? null : RefundJson.of(refund));
    }
}
