package till.fiat;

import java.util.Comparator;
import java.util.List;
import till.error.ErrorCode;
import till.error.Problem;

/** One source's rates at one moment, by currency code: what {@link FixedRates} holds and each fetch of a live source gives. */
record RateTable(String source, List<Rate> rates) {
    RateTable {
        rates = rates.stream().sorted(Comparator.comparing(Rate::currency)).toList();
    }

    /** The rate for {@code currency}; {@code unsupported_currency} (400) when the source has none for it. */
    Rate rate(String currency) {
        return rates.stream().filter(r -> r.currency().equals(currency)).findFirst()
                .orElseThrow(() -> Problem.at(ErrorCode.UNSUPPORTED_CURRENCY, "currency",
                        "Till has no rate for " + currency + " from " + source + "; it has " + String.join(", ", currencies())));
    }

    List<String> currencies() {
        return rates.stream().map(Rate::currency).toList();
    }
}
