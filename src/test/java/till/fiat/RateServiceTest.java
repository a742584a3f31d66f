package till.fiat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import till.Await;
import till.MovableClock;
import till.error.ErrorCode;
import till.error.Problem;

/**
 * The live rate service against a provider on 127.0.0.1: nothing fetched until asked, then kept fresh in the
 * background; a failed fetch (down, malformed, oversized) keeps the last good rates until they are stale, and stale
 * or missing rates are refused, never guessed.
 */
class RateServiceTest {
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    final MovableClock clock = new MovableClock();
    final RateProviderStub provider = RateProviderStub.coinbase();
    LiveRates rates;

    LiveRates rates(Duration refreshEvery) {
        rates = new LiveRates(RateProvider.COINBASE, new RateFetcher(RateProvider.COINBASE, provider.url(), "Till/test",
                Duration.ofMillis(500)), refreshEvery, MAX_AGE, clock);
        return rates;
    }

    @AfterEach
    void close() {
        if (rates != null) {
            rates.close();
        }
        provider.close();
    }

    static ErrorCode refusal(Runnable call) {
        return assertThrows(Problem.class, call::run).error();
    }

    @Test
    void nothingIsFetchedUntilAPriceIsAskedForThenTheFirstAskWaitsForIt() {
        LiveRates live = rates(Duration.ofMinutes(1));
        live.backgroundRound();
        live.backgroundRound();
        assertEquals(0, provider.requests(), "a shop that never prices in fiat never contacts the provider");
        Rate usd = live.rate("USD");
        assertEquals(new BigDecimal("100000"), usd.btcPrice());
        assertEquals("coinbase", usd.source());
        assertEquals(1, provider.requests());
        assertEquals(List.of("EUR", "USD"), live.currencies());
        assertEquals(List.of("EUR", "USD"), live.all().stream().map(Rate::currency).toList());
        live.backgroundRound();
        assertEquals(2, provider.requests(), "asked for once, kept fresh from then on");
    }

    @Test
    void theBackgroundRefreshPicksUpAChangedRate() {
        LiveRates live = rates(Duration.ofMillis(50)).start();
        assertEquals(new BigDecimal("100000"), live.rate("USD").btcPrice());
        provider.price("USD", "101234.56");
        Await.until("the new rate", Duration.ofSeconds(10),
                () -> live.rate("USD").btcPrice().equals(new BigDecimal("101234.56")));
    }

    @Test
    void ratesOlderThanTheLimitAreRefusedUntilAFetchSucceedsAgain() {
        LiveRates live = rates(Duration.ofMinutes(1));
        live.rate("USD");
        clock.advance(MAX_AGE.minusSeconds(1));
        assertEquals(new BigDecimal("100000"), live.rate("USD").btcPrice(), "old but within the limit");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(ErrorCode.RATES_UNAVAILABLE, refusal(() -> live.rate("USD")));
        assertEquals(ErrorCode.RATES_UNAVAILABLE, refusal(live::all));
        assertEquals(503, assertThrows(Problem.class, () -> live.rate("USD")).status());
        assertEquals(List.of("EUR", "USD"), live.currencies(), "what it prices, fresh or not");
        live.refresh();
        assertEquals(new BigDecimal("100000"), live.rate("USD").btcPrice());
        assertTrue(live.state().fresh());
    }

    @Test
    void aProviderDownAtStartMeansNoRatesUntilItAnswers() {
        provider.down();
        LiveRates live = rates(Duration.ofMillis(50)).start();
        Problem refused = assertThrows(Problem.class, () -> live.rate("USD"));
        assertEquals(ErrorCode.RATES_UNAVAILABLE, refused.error());
        assertTrue(refused.getMessage().contains("Coinbase (127.0.0.1)"), refused.getMessage());
        assertEquals(List.of(), live.currencies());
        assertTrue(live.state().lastError().contains("HTTP 503"), live.state().lastError());
        provider.up();
        Await.until("rates once the provider answers", Duration.ofSeconds(10), () -> live.state().fresh());
        assertEquals(new BigDecimal("90000"), live.rate("EUR").btcPrice());
        assertNull(live.state().lastError());
    }

    @Test
    void aProviderDownLaterLeavesTheLastGoodRatesUntilTheyAreStale() {
        LiveRates live = rates(Duration.ofMinutes(1));
        live.rate("USD");
        provider.price("USD", "120000").down();
        live.refresh();
        assertEquals(new BigDecimal("100000"), live.rate("USD").btcPrice(), "the last good rate, not a guess");
        clock.advance(MAX_AGE.plusSeconds(1));
        assertEquals(ErrorCode.RATES_UNAVAILABLE, refusal(() -> live.rate("USD")));
        provider.up();
        live.refresh();
        assertEquals(new BigDecimal("120000"), live.rate("USD").btcPrice());
    }

    @Test
    void aMalformedOrOversizedAnswerChangesNothing() {
        LiveRates live = rates(Duration.ofMinutes(1));
        live.rate("USD");
        for (RateProviderStub.Answer answer : List.of(new RateProviderStub.Answer(200, "{\"data\": {\"rates\": "),
                new RateProviderStub.Answer(200, "<html>rate limited</html>"),
                new RateProviderStub.Answer(200, "{\"data\": {\"currency\": \"BTC\", \"rates\": {\"USD\": \"-1\"}}}"),
                new RateProviderStub.Answer(200, ""),
                new RateProviderStub.Answer(200, "{\"data\": {\"currency\": \"BTC\", \"rates\": {\"USD\": \"1\", \"x\": \""
                        + "9".repeat((int) RateFetcher.MAX_ANSWER_BYTES) + "\"}}}"))) {
            provider.answer(answer);
            live.refresh();
            assertEquals(new BigDecimal("100000"), live.rate("USD").btcPrice(), answer.body().substring(0, Math.min(40, answer.body().length())));
            assertTrue(live.state().lastError() != null && !live.state().lastError().contains(provider.url()),
                    "logged, without the URL: " + live.state().lastError());
        }
    }

    @Test
    void aProviderThatHangsTimesOutAndChangesNothing() {
        LiveRates live = rates(Duration.ofMinutes(1));
        live.rate("USD");
        provider.price("USD", "1").hang();
        long started = System.nanoTime();
        live.refresh();
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0, "a short timeout");
        // OkHttp's read timeout ("Read timed out") or its whole-call timeout ("timeout"), whichever ends it first.
        assertTrue(live.state().lastError().matches(".*(timeout|timed out).*"), live.state().lastError());
        assertEquals(new BigDecimal("100000"), live.rate("USD").btcPrice());
    }

    @Test
    void aCurrencyTheSourceDoesNotPriceIsUnsupported() {
        LiveRates live = rates(Duration.ofMinutes(1));
        Problem refused = assertThrows(Problem.class, () -> live.rate("SEK"));
        assertEquals(ErrorCode.UNSUPPORTED_CURRENCY, refused.error());
        assertEquals(400, refused.status());
        assertEquals("currency", refused.field());
        assertTrue(refused.getMessage().contains("EUR, USD"), refused.getMessage());
    }

    @Test
    void closingStopsTheBackgroundRounds() {
        LiveRates live = rates(Duration.ofMillis(20)).start();
        live.rate("USD");
        Await.until("a background round", Duration.ofSeconds(10), () -> provider.requests() >= 2);
        assertTrue(refresherRunning());
        live.close();
        Await.until("the refresher's thread gone", Duration.ofSeconds(10), () -> !refresherRunning());
    }

    private static boolean refresherRunning() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("rates-coinbase") && t.isAlive());
    }
}
