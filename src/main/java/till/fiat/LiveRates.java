package till.fiat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.error.ErrorCode;
import till.error.Problem;
import till.task.RepeatingTask;

/**
 * Rates from a public source, fetched when first asked for (a shop that never prices in fiat never contacts the
 * provider) and then every {@code refreshEvery} in the background. A failed fetch keeps the last good rates until
 * they are older than {@code maxAge}; past that, or before the first good fetch, fiat prices are refused
 * ({@code rates_unavailable}), never guessed.
 */
public final class LiveRates implements Rates, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveRates.class);

    /** What the source and its last rounds have given; for the operator's health page. */
    public record State(String source, String provider, Instant fetchedAt, boolean fresh, String lastError) {}

    private final RateProvider provider;
    private final RateFetcher fetcher;
    private final Duration maxAge;
    private final Clock clock;
    private final RepeatingTask refresher;
    private final Object firstFetch = new Object();
    private volatile boolean asked;
    private volatile Fetched latest;
    private volatile String lastError;

    /** The last good fetch, its table and its time together. */
    private record Fetched(RateTable table, Instant at) {}

    public LiveRates(RatesSetting.Live setting, String userAgent, Clock clock) {
        this(setting.provider(), new RateFetcher(setting.provider(), setting.url(), userAgent), setting.refreshEvery(),
                setting.maxAge(), clock);
    }

    LiveRates(RateProvider provider, RateFetcher fetcher, Duration refreshEvery, Duration maxAge, Clock clock) {
        this.provider = provider;
        this.fetcher = fetcher;
        this.maxAge = maxAge;
        this.clock = clock;
        this.refresher = new RepeatingTask("rates-" + provider.id(), refreshEvery, this::backgroundRound);
    }

    /** Starts the background rounds; they fetch nothing until the rates are first asked for. */
    public LiveRates start() {
        refresher.start(Duration.ZERO);
        return this;
    }

    @Override
    public Rate rate(String currency) {
        return current().rate(currency);
    }

    @Override
    public List<Rate> all() {
        return current().rates();
    }

    /** The currencies of the last good fetch, stale or not; none before the first. */
    @Override
    public List<String> currencies() {
        askedFor();
        Fetched last = latest;
        return last == null ? List.of() : last.table().currencies();
    }

    @Override
    public String source() {
        return provider.id();
    }

    public State state() {
        Fetched last = latest;
        return new State(provider.id(), fetcher.describe(), last == null ? null : last.at(),
                last != null && !stale(last.at()), lastError);
    }

    private RateTable current() {
        askedFor();
        Fetched last = latest;
        if (last == null) {
            throw Problem.of(ErrorCode.RATES_UNAVAILABLE, "Till has no exchange rate yet: " + fetcher.describe()
                    + " has not answered; try again shortly, or price in BTC");
        }
        if (stale(last.at())) {
            throw Problem.of(ErrorCode.RATES_UNAVAILABLE, "Till's exchange rates from " + fetcher.describe()
                    + " are older than " + text(maxAge) + "; try again shortly, or price in BTC");
        }
        return last.table();
    }

    private boolean stale(Instant at) {
        return Duration.between(at, clock.instant()).compareTo(maxAge) > 0;
    }

    /** The first time rates are asked for, they are fetched right away: that request waits for them (a few seconds at most). */
    private void askedFor() {
        if (asked) {
            return;
        }
        synchronized (firstFetch) {
            if (!asked) {
                refresh();
                asked = true;
            }
        }
    }

    /** A background round: a fetch once the rates have been asked for, nothing before. */
    void backgroundRound() {
        if (asked) {
            refresh();
        }
    }

    /**
     * One fetch: new rates replace the old ones; a failure is logged (once, until the source answers again). One at a
     * time, so that a slow fetch never overwrites a newer one.
     */
    synchronized void refresh() {
        try {
            Map<String, BigDecimal> prices = fetcher.fetch();
            Instant now = clock.instant();
            latest = new Fetched(new RateTable(provider.id(), prices.entrySet().stream()
                    .map(e -> new Rate(e.getKey(), e.getValue(), now, provider.id())).toList()), now);
            if (lastError != null) {
                log.info("Exchange rates: {} answers again ({} currencies)", fetcher.describe(), prices.size());
            }
            lastError = null;
        } catch (RateFetcher.Failed e) {
            if (lastError == null) {
                log.warn("Exchange rates: {}; keeping the last rates until they are {} old", e.getMessage(), text(maxAge));
            } else {
                log.debug("Exchange rates: {}", e.getMessage());
            }
            lastError = e.getMessage();
        }
    }

    private static String text(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
    }

    @Override
    public void close() {
        refresher.close();
    }
}
