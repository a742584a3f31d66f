package till.web;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import till.account.Caller;
import till.error.ErrorCode;
import till.error.Problem;
import till.fiat.Rate;
import till.fiat.Rates;

/**
 * OpenNode's rate handlers (declared in {@link Api}), in its shapes: {@code GET /v1/rates} →
 * {@code {"data": {"BTCUSD": {"USD": 91234.56}, ...}}} (the price of one bitcoin, keyed by pair, as OpenNode's
 * clients read it) and {@code GET /v1/currencies} → {@code {"data": ["EUR", "USD", ...]}}. Both are Till's current
 * rate source's: {@code rates_unavailable} (503) when it has none fresh.
 */
final class OpenNodeRates {
    private final Rates rates;

    OpenNodeRates(Rates rates) {
        this.rates = rates;
    }

    void rates(Context ctx, Caller caller) {
        Map<String, Map<String, BigDecimal>> pairs = new LinkedHashMap<>();
        for (Rate rate : rates.all()) {
            // A non-negative scale: Jackson writes such a BigDecimal as plain digits, never as 1E+5.
            BigDecimal price = rate.btcPrice().setScale(Math.max(0, rate.btcPrice().scale()));
            pairs.put("BTC" + rate.currency(), Map.of(rate.currency(), price));
        }
        ctx.json(Map.of("data", pairs));
    }

    void currencies(Context ctx, Caller caller) {
        List<String> currencies = rates.currencies();
        if (currencies.isEmpty()) {
            throw Problem.of(ErrorCode.RATES_UNAVAILABLE, "Till's rate source (" + rates.source()
                    + ") has not answered yet; try again shortly");
        }
        ctx.json(Map.of("data", currencies));
    }
}
