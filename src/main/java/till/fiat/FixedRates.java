package till.fiat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Rates that never change: the shop's own ({@code TILL_RATES_SOURCE=fixed:USD=...}), or the simulated node's, clearly
 * labelled as such, so that a demo prices in fiat without calling anyone.
 */
public final class FixedRates implements Rates {
    /** The simulated mode's price of one bitcoin: round numbers, so a demo's conversions are easy to check by eye. */
    static final Map<String, BigDecimal> SIMULATED = Map.of("USD", new BigDecimal("100000"),
            "EUR", new BigDecimal("90000"), "GBP", new BigDecimal("80000"), "CHF", new BigDecimal("90000"),
            "JPY", new BigDecimal("15000000"), "CAD", new BigDecimal("140000"));

    private final RateTable table;

    public FixedRates(String source, Map<String, BigDecimal> prices, Instant since) {
        this.table = new RateTable(source, prices.entrySet().stream()
                .map(e -> new Rate(e.getKey(), e.getValue(), since, source)).toList());
    }

    /** The simulated node's rates, labelled "simulated". */
    public static FixedRates simulated(Instant since) {
        return new FixedRates("simulated", SIMULATED, since);
    }

    @Override
    public Rate rate(String currency) {
        return table.rate(currency);
    }

    @Override
    public List<Rate> all() {
        return table.rates();
    }

    @Override
    public List<String> currencies() {
        return table.currencies();
    }

    @Override
    public String source() {
        return table.source();
    }
}
