package till.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.FirstRunOnly;
import till.TestPostgres;
import till.TestTill;
import till.bench.ThrowawayPostgres;
import till.store.Database;
import till.store.DatabaseSetting;

/** Token buckets in PostgreSQL: one budget per key for every process, each take one statement, full buckets deleted. */
@FirstRunOnly
class SharedRateLimiterTest {
    private static Database one;
    private static Database other;

    @BeforeAll
    static void open() {
        assumeTrue(TestPostgres.available());
        String database = TestPostgres.cluster().newDatabase();
        one = open(database);
        other = open(database);
    }

    /** A pool of its own on the database, as each Till process has. */
    private static Database open(String database) {
        return Database.open(TestTill.tempDir(),
                DatabaseSetting.of(TestPostgres.cluster().url(database), ThrowawayPostgres.USER, null));
    }

    @AfterAll
    static void close() {
        if (one != null) {
            one.close();
            other.close();
        }
    }

    private static SharedRateLimiter limiter(Database database, String name, String rate) {
        return new SharedRateLimiter(database.jdbi(), name, Rate.parse(rate));
    }

    private static long rows(String limiter) {
        return one.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM rate_bucket WHERE limiter = :l")
                .bind("l", limiter).mapTo(Long.class).one());
    }

    @Test
    void aBurstThenTheWaitUntilTheNextTokenAndARefusalTakesNothing() {
        SharedRateLimiter limiter = limiter(one, "burst", "1/h,burst=2");
        assertEquals(0, limiter.tryAcquire("a"));
        assertEquals(0, limiter.tryAcquire("a"));
        for (int i = 0; i < 5; i++) {
            long wait = limiter.tryAcquire("a");
            // An hour per token, less the moments since the bucket's first take; refusals do not push it further.
            assertTrue(wait > Duration.ofMinutes(59).toNanos() && wait <= Duration.ofHours(1).toNanos(), "wait " + wait);
            assertEquals(3600, RateLimiter.retryAfterSeconds(wait));
        }
        assertEquals(0, limiter.tryAcquire("b"), "another key has its own bucket");
        assertEquals(0, limiter(one, "burst-elsewhere", "1/h,burst=2").tryAcquire("a"), "another limit has its own");
    }

    @Test
    void aBucketRefillsWithTimeByTheDatabasesClock() {
        SharedRateLimiter limiter = limiter(one, "refill", "20/s,burst=1");
        assertEquals(0, limiter.tryAcquire("a"));
        long wait = limiter.tryAcquire("a");
        assertTrue(wait > 0 && wait <= Duration.ofMillis(50).toNanos(), "wait " + wait);
        Await.until("a token again", Duration.ofSeconds(10), () -> limiter.tryAcquire("a") == 0);
    }

    @Test
    void twoProcessesTakingAtOnceShareOneBudget() throws Exception {
        List<SharedRateLimiter> limiters = List.of(limiter(one, "together", "1/h,burst=7"),
                limiter(other, "together", "1/h,burst=7"));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> takes = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                SharedRateLimiter limiter = limiters.get(i % 2);
                Callable<Long> take = () -> {
                    start.await();
                    return limiter.tryAcquire("shop");
                };
                takes.add(threads.submit(take));
            }
            start.countDown();
            int granted = 0;
            for (Future<Long> take : takes) {
                granted += take.get() == 0 ? 1 : 0;
            }
            assertEquals(7, granted, "the burst, once, over both processes");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void fullBucketsAreDeletedAndOthersKept() {
        SharedRateLimiter quick = limiter(one, "purge", "1000/s,burst=1");
        SharedRateLimiter slow = limiter(one, "purge-slow", "1/h,burst=1");
        for (int i = 0; i < 20; i++) {
            quick.tryAcquire("key-" + i);
            slow.tryAcquire("key-" + i);
        }
        Await.until("every quick bucket refilled and deleted", Duration.ofSeconds(10), () -> {
            quick.purge();
            return rows("purge") == 0;
        });
        assertEquals(0, slow.purge(), "an hour's refill is far from over");
        assertEquals(20, rows("purge-slow"));
    }

    @Test
    void aKeyLongerThanTheColumnIsKeptAsItsHash() {
        SharedRateLimiter limiter = limiter(one, "long", "1/h,burst=1");
        String longKey = "x".repeat(SharedRateLimiter.MAX_KEY_LENGTH * 10);
        assertEquals(0, limiter.tryAcquire(longKey));
        assertTrue(limiter.tryAcquire(longKey) > 0, "the same long key is the same bucket");
        assertEquals(0, limiter.tryAcquire(longKey + "y"), "another long key is another");
    }

    @Test
    void offTakesNothingAndWritesNothing() {
        SharedRateLimiter limiter = new SharedRateLimiter(one.jdbi(), "off", Rate.OFF);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, limiter.tryAcquire("a"));
        }
        assertEquals(0, rows("off"));
    }
}
