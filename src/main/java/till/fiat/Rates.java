package till.fiat;

import java.util.List;

/**
 * Where prices in fiat come from: one source, chosen by {@code TILL_RATES_SOURCE}. Implementations keep the rates
 * fresh; a rate older than their staleness limit is never given out.
 */
public interface Rates {
    /**
     * The current rate for an ISO 4217 {@code currency} (upper case). Throws a {@code Problem}:
     * {@code unsupported_currency} (400) when the source has no rate for it, {@code rates_unavailable} (503) when its
     * rates are stale or could not be fetched.
     */
    Rate rate(String currency);

    /** Every current rate, by currency code; throws {@code rates_unavailable} like {@link #rate}. */
    List<Rate> all();

    /** The currencies the source prices, whether or not its rates are fresh now. */
    List<String> currencies();

    /** The source's name as the README lists it ("coinbase", "fixed", "simulated", ...). */
    String source();
}
