package till.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;
import till.charge.Charge;
import till.charge.ChargeView;
import till.fiat.FiatPrice;
import till.refund.Refund;

/**
 * The charge object as OpenNode's API returns it (snake_case, unix-second times, amounts in satoshis). {@code currency}
 * is what it was priced in (an ISO 4217 code, or "BTC"); {@code source_fiat_value} the amount asked in that currency
 * (satoshis for BTC, as OpenNode shows); {@code fiat_value} its value in fiat, which Till knows only for a charge priced
 * in fiat (null otherwise: Till invents no price); {@code exchange_rate}, Till's own field, the rate it was converted
 * with once, at creation (null when priced in satoshis). {@code metadata} is the shop's object ({} when none).
 * {@code address} and {@code chain_invoice} are null when on-chain payments are off; {@code missing_amt} is set while
 * underpaid, {@code overpaid_by} when more than the amount arrived on-chain; {@code transactions} lists the outputs
 * paying the address; {@code refund}, only on a refunded charge, is its refund (with the refund's txid as {@code tx}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChargeJson(String id, String description, boolean descHash, long createdAt, String status, long amount,
                  String callbackUrl, String successUrl, String hostedCheckoutUrl, String orderId, String currency,
                  BigDecimal sourceFiatValue, BigDecimal fiatValue, ExchangeRate exchangeRate, boolean autoSettle,
                  String notifEmail, @JsonRawValue String metadata, int ttl, String uri, String address,
                  LightningInvoice lightningInvoice, ChainInvoice chainInvoice, Long missingAmt, Long overpaidBy,
                  List<ChainTransaction> transactions, @JsonInclude(JsonInclude.Include.NON_NULL) RefundJson refund) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LightningInvoice(long expiresAt, String payreq) {}

    record ChainInvoice(String address) {}

    /** One output paying the charge's address, as OpenNode lists them: amount in satoshis, times in unix seconds. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ChainTransaction(String address, long createdAt, Long settledAt, String tx, String status, long amount) {}

    /** The price of one bitcoin in {@code currency} that converted the charge, from {@code source}, as of {@code at}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ExchangeRate(String currency, BigDecimal btcPrice, String source, long at) {
        static ExchangeRate of(FiatPrice price) {
            return price == null ? null : new ExchangeRate(price.currency(), new BigDecimal(price.btcPriceText()),
                    price.source(), price.rateAt().getEpochSecond());
        }
    }

    /** {@code refund}: the charge's refund, or null (then the JSON has no {@code refund}). */
    static ChargeJson of(ChargeView view, String publicUrl, Refund refund) {
        Charge charge = view.charge();
        List<ChainTransaction> transactions = view.payments().stream().map(p -> new ChainTransaction(view.address(),
                p.receivedAt().getEpochSecond(), p.settledAt() == null ? null : p.settledAt().getEpochSecond(),
                p.outpoint().txid(), p.state().name(), p.amountMsat() / 1000)).toList();
        return new ChargeJson(charge.id(), charge.shownDescription(), false, charge.createdAt().getEpochSecond(),
                view.status(), charge.amountSat(), charge.callbackUrl(), charge.successUrl(), hostedCheckoutUrl(view, publicUrl),
                charge.orderId(), view.currency(), view.sourceFiatValue(), view.fiatValue(),
                ExchangeRate.of(view.invoice().price()), charge.autoSettle(), charge.notifEmail(), metadata(charge),
                charge.ttlMinutes(), view.uri(), view.address(),
                new LightningInvoice(view.invoice().expiresAt().getEpochSecond(), view.invoice().bolt11()),
                view.address() == null ? null : new ChainInvoice(view.address()), view.missingSat(), view.overpaidBySat(),
                transactions, refund == null ? null : RefundJson.of(refund));
    }

    static String hostedCheckoutUrl(ChargeView view, String publicUrl) {
        return publicUrl + "/checkout/" + view.invoice().invoiceHash();
    }

    /** The shop's metadata as the object it sent (stored as its JSON text, written back verbatim), {} when none. */
    static String metadata(Charge charge) {
        return charge.metadata() == null ? "{}" : charge.metadata();
    }
}
