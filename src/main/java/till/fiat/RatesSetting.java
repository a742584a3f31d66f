package till.fiat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import till.net.HttpUrls;

/**
 * Where Till's rates come from, as TILL_RATES_SOURCE (with TILL_RATES_URL, TILL_RATES_REFRESH, TILL_RATES_MAX_AGE)
 * chose it: a live public source, the shop's fixed prices, or the simulated node's labelled ones.
 */
public sealed interface RatesSetting {
    /** The simulated mode's rates when TILL_RATES_SOURCE is unset: {@link FixedRates#simulated}. */
    record Simulated() implements RatesSetting {}

    /** {@code fixed:USD=100000,EUR=90000}: the price of one bitcoin in each currency, set by the shop. */
    record Fixed(Map<String, BigDecimal> prices) implements RatesSetting {
        private static final Pattern PRICE = Pattern.compile("([A-Za-z]{3})=([0-9]{1,15}(?:\\.[0-9]{1,12})?)");

        public Fixed {
            prices = Map.copyOf(prices);
        }

        /** {@code USD=100000,EUR=90000.50}: ISO 4217 codes (any case), each once, with a positive decimal. */
        static Fixed parse(String list) {
            Map<String, BigDecimal> prices = new TreeMap<>();
            for (String item : list.split(",", -1)) {
                Matcher m = PRICE.matcher(item.trim());
                if (!m.matches()) {
                    throw new IllegalArgumentException("TILL_RATES_SOURCE=fixed: takes the price of one bitcoin per"
                            + " currency, like fixed:USD=100000,EUR=90000.50, not '" + item.trim() + "'");
                }
                String currency = Currencies.fiat(m.group(1)).orElseThrow(() -> new IllegalArgumentException(
                        "TILL_RATES_SOURCE=fixed: " + m.group(1) + " is not an ISO 4217 currency code"));
                BigDecimal price = new BigDecimal(m.group(2));
                if (price.signum() <= 0) {
                    throw new IllegalArgumentException("TILL_RATES_SOURCE=fixed: the price of " + currency + " must be positive");
                }
                if (prices.put(currency, price) != null) {
                    throw new IllegalArgumentException("TILL_RATES_SOURCE=fixed: " + currency + " is given twice");
                }
            }
            return new Fixed(prices);
        }
    }

    /** A public source fetched every {@code refreshEvery}; rates older than {@code maxAge} are never used. */
    record Live(RateProvider provider, String url, Duration refreshEvery, Duration maxAge) implements RatesSetting {}

    /**
     * Reads the settings ({@code source} and {@code url} null when unset); throws IllegalArgumentException with the
     * one line to show. Unset, the source is {@link RateProvider#DEFAULT} with a real node and the simulated rates
     * without one.
     */
    static RatesSetting parse(String source, String url, Duration refreshEvery, Duration maxAge, boolean simulated) {
        if (refreshEvery.multipliedBy(3).compareTo(maxAge) > 0) {
            throw new IllegalArgumentException("TILL_RATES_REFRESH (" + refreshEvery.toSeconds() + " s) must be at most a"
                    + " third of TILL_RATES_MAX_AGE (" + maxAge.toSeconds() + " s), so that a failed fetch or two does"
                    + " not leave shops without rates");
        }
        if (source != null && source.regionMatches(true, 0, "fixed:", 0, 6)) {
            if (url != null) {
                throw new IllegalArgumentException("TILL_RATES_URL is set but TILL_RATES_SOURCE is fixed: unset one of them");
            }
            return Fixed.parse(source.substring(6));
        }
        if (source == null && url != null) {
            throw new IllegalArgumentException("TILL_RATES_URL is set but TILL_RATES_SOURCE is not: name the source"
                    + " whose answer the URL gives (" + names() + ")");
        }
        if (source == null && simulated) {
            return new Simulated();
        }
        RateProvider provider = source == null ? RateProvider.DEFAULT : RateProvider.named(source).orElseThrow(() ->
                new IllegalArgumentException("TILL_RATES_SOURCE must be one of " + names()
                        + " or fixed:USD=100000,EUR=90000, not '" + source + "'"));
        if (url != null && HttpUrls.parse(url) == null) {
            throw new IllegalArgumentException("TILL_RATES_URL must be an http:// or https:// URL with a host, not '" + url + "'");
        }
        return new Live(provider, url == null ? provider.defaultUrl() : url, refreshEvery, maxAge);
    }

    private static String names() {
        return String.join(", ", Arrays.stream(RateProvider.values()).map(RateProvider::id).toList());
    }
}
