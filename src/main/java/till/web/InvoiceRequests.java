package till.web;

import java.math.BigDecimal;
import till.error.ErrorCode;
import till.error.Problem;
import till.fiat.Currencies;
import till.fiat.FiatPrice;
import till.fiat.Rates;
import till.invoice.NewInvoice;

/**
 * Reads an invoice request, from a JSON body or from WebSocket query parameters, with the same checks. The amount is
 * {@code amountMsat}, or {@code amountFiat} with its {@code currency}, converted here, once, at the current rate.
 */
final class InvoiceRequests {
    /** 21 million BTC: no invoice can be for more. */
    static final long MAX_AMOUNT_MSAT = 2_100_000_000_000_000_000L;
    private static final BigDecimal MAX_BTC = BigDecimal.valueOf(21_000_000);

    private InvoiceRequests() {}

    static NewInvoice read(Fields fields, Rates rates) {
        String bptId = fields.requiredString("bptId", 100);
        Long amountMsat = fields.optionalLong("amountMsat", 1, MAX_AMOUNT_MSAT);
        BigDecimal amountFiat = fields.optionalDecimal("amountFiat");
        String currency = CurrencyField.read(fields, rates);
        String tag = fields.optionalString("tag", NewInvoice.MAX_TAG_LENGTH);
        Long expiration = fields.optionalLong("expiration", Long.MIN_VALUE, Long.MAX_VALUE);
        String webhookUrl = WebhookFields.url(fields);
        String webhookSecret = WebhookFields.secret(fields);
        FiatPrice price = amountMsat == null ? price(amountFiat, currency, rates) : null;
        if (price == null && (amountFiat != null || currency != null)) {
            throw Problem.at(ErrorCode.INVALID_FIELD, amountFiat != null ? "amountFiat" : "currency",
                    "Send either amountMsat, or amountFiat with its currency; not both");
        }
        return new NewInvoice(bptId, price == null ? amountMsat : price.msat(), tag,
                expiration == null ? NewInvoice.DEFAULT_EXPIRATION : NewInvoice.clampExpiration(expiration),
                webhookUrl, webhookSecret, price);
    }

    /** The fiat amount at the current rate: exact to the currency's minor units, worth 1 msat to 21 million BTC. */
    private static FiatPrice price(BigDecimal amountFiat, String currency, Rates rates) {
        if (amountFiat == null) {
            throw currency == null
                    ? Problem.at(ErrorCode.MISSING_FIELD, "amountMsat", "amountMsat is required, or amountFiat with its currency")
                    : Problem.at(ErrorCode.MISSING_FIELD, "amountFiat", "amountFiat is required with currency (or amountMsat without it)");
        }
        if (currency == null) {
            throw Problem.at(ErrorCode.MISSING_FIELD, "currency",
                    "currency is required with amountFiat: the ISO 4217 code of its currency, such as EUR");
        }
        if (!Currencies.fitsMinorUnits(currency, amountFiat)) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "amountFiat", "amountFiat has more decimals than " + currency
                    + " has (" + Currencies.minorUnits(currency) + ")");
        }
        FiatPrice price = rates.rate(currency).price(amountFiat);
        if (price.amount().compareTo(price.btcPrice().multiply(MAX_BTC)) > 0) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "amountFiat", "amountFiat is worth more than 21 million bitcoin at "
                    + price.btcPriceText() + " " + currency + " per bitcoin");
        }
        if (price.msat() < 1) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "amountFiat", "amountFiat is worth less than one millisatoshi at "
                    + price.btcPriceText() + " " + currency + " per bitcoin");
        }
        return price;
    }
}
