package till.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private LocalRateLimiter limiter(String rate, int maxKeys) {
        return new LocalRateLimiter(Rate.parse(rate), now::get, maxKeys);
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void aBurstIsAllowedThenTheRateWithTheWaitUntilTheNextToken() {
        LocalRateLimiter limiter = limiter("2/s,burst=5", 100);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, limiter.tryAcquire("a"), "burst request " + i);
        }
        assertEquals(Duration.ofMillis(500).toNanos(), limiter.tryAcquire("a"));
        assertEquals(0, limiter.tryAcquire("b"), "another key has its own bucket");
        advance(Duration.ofMillis(499));
        assertTrue(limiter.tryAcquire("a") > 0);
        advance(Duration.ofMillis(1));
        assertEquals(0, limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("a") > 0, "a refused request takes no token, nor gives one");
    }

    @Test
    void theWaitIsTheTimeUntilAWholeTokenRoundedUpToTheNanosecond() {
        LocalRateLimiter limiter = limiter("3/s,burst=1", 100);
        assertEquals(0, limiter.tryAcquire("a"));
        assertEquals(333_333_334, limiter.tryAcquire("a"), "1/3 s, rounded up: waiting that long finds a token");
        advance(Duration.ofMillis(100));
        assertEquals(233_333_334, limiter.tryAcquire("a"), "less the time already waited");
        advance(Duration.ofNanos(233_333_334));
        assertEquals(0, limiter.tryAcquire("a"), "and after exactly the advertised wait, a token is there");
    }

    @Test
    void retryAfterAdvertisesWholeSecondsRoundedUpAndNeverZero() {
        long second = Duration.ofSeconds(1).toNanos();
        assertEquals(1, RateLimiter.retryAfterSeconds(1));
        assertEquals(1, RateLimiter.retryAfterSeconds(second - 1));
        assertEquals(1, RateLimiter.retryAfterSeconds(second));
        assertEquals(2, RateLimiter.retryAfterSeconds(second + 1));
        assertEquals(60, RateLimiter.retryAfterSeconds(59 * second + 1));
        assertEquals(3600, RateLimiter.retryAfterSeconds(Duration.ofHours(1).toNanos()));

        LocalRateLimiter limiter = limiter("1/m,burst=1", 100);
        limiter.tryAcquire("a");
        assertEquals(60, RateLimiter.retryAfterSeconds(limiter.tryAcquire("a")));
        advance(Duration.ofMillis(59_500));
        assertEquals(1, RateLimiter.retryAfterSeconds(limiter.tryAcquire("a")), "half a second left is one to wait");
    }

    @Test
    void perMinuteRatesRefillSlowly() {
        LocalRateLimiter limiter = limiter("60/m", 100);
        for (int i = 0; i < 60; i++) {
            assertEquals(0, limiter.tryAcquire("a"));
        }
        assertEquals(Duration.ofSeconds(1).toNanos(), limiter.tryAcquire("a"), 1_000);
    }

    @Test
    void offAllowsEverythingAndKeepsNothing() {
        LocalRateLimiter limiter = limiter("0", 100);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(0, limiter.tryAcquire("k" + i));
        }
        assertEquals(0, limiter.size());
    }

    @Test
    void memoryIsBoundedRefilledBucketsGoAndTheCapHolds() {
        LocalRateLimiter limiter = limiter("10/s", 1000);
        for (int i = 0; i < 500; i++) {
            limiter.tryAcquire("k" + i);
        }
        assertEquals(500, limiter.size());
        advance(Duration.ofSeconds(1));
        limiter.tryAcquire("fresh");
        assertEquals(1, limiter.size(), "every refilled bucket was dropped");
        for (int i = 0; i < 5000; i++) {
            limiter.tryAcquire("flood" + i);
        }
        assertEquals(1000, limiter.size(), "never more buckets than the cap");
    }

    @Test
    void theWrittenFormIsParsedOrRefusedWithASentence() {
        assertEquals(new Rate(20, Duration.ofSeconds(1), 60), Rate.parse("20/s,burst=60"));
        assertEquals(new Rate(600, Duration.ofMinutes(1), 600), Rate.parse("600/m"));
        assertEquals(new Rate(5, Duration.ofHours(1), 1), Rate.parse(" 5/h, burst = 1 "));
        assertTrue(Rate.parse("0").isOff());
        for (String written : new String[] {"0", "20/s,burst=60", "20/s", "600/m", "5/h,burst=1"}) {
            assertEquals(written, Rate.parse(written).toString(), "written back as read");
        }
        for (String bad : new String[] {"20", "20/d", "-1/s", "0/s", "20/s,burst=0", "fast", "20/s burst 60"}) {
            assertThrows(IllegalArgumentException.class, () -> Rate.parse(bad), bad);
        }
    }
}
