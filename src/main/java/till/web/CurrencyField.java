package till.web;

import till.error.ErrorCode;
import till.error.Problem;
import till.fiat.Currencies;
import till.fiat.Rates;

/** A {@code currency} of Till's own API (an invoice's, a terminal's): an ISO 4217 code its rate source prices. */
final class CurrencyField {
    private CurrencyField() {}

    /** The code in upper case, or null when absent; 400 {@code unsupported_currency} for any other. */
    static String read(Fields fields, Rates rates) {
        String given = fields.optionalString("currency", 10);
        if (given == null) {
            return null;
        }
        String iso = Currencies.iso(given).orElseThrow(() -> Problem.at(ErrorCode.UNSUPPORTED_CURRENCY, "currency",
                "currency must be an ISO 4217 code such as EUR or USD; " + given + " is not one"));
        if (!rates.currencies().contains(iso)) {
            // The source's own refusal: 400 when it prices other currencies, 503 when it has not answered yet.
            rates.rate(iso);
        }
        return iso;
    }
}
