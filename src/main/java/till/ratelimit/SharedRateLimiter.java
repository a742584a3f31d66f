package till.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import till.account.Secrets;

/**
 * Token buckets by key in the database (PostgreSQL), so that every Till process sharing it spends one budget per key.
 * Each take is one atomic statement, refilled by the database's clock. The table stays bounded as the local limiter's
 * memory does: each process deletes, at most once a {@link #PURGE_EVERY}, the buckets of its limits that have
 * refilled completely, so it holds only the keys used within about one burst's refill time.
 */
public final class SharedRateLimiter implements RateLimiter {
    static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    /** Longer keys (a made-up terminal id of any length) are stored as their SHA-256, to fit the column. */
    static final int MAX_KEY_LENGTH = 200;

    private final Jdbi jdbi;
    private final String name;
    private final Rate rate;
    private final double tokensPerMicro;
    private final AtomicLong nextPurge = new AtomicLong(System.nanoTime());

    public SharedRateLimiter(Jdbi jdbi, String name, Rate rate) {
        this.jdbi = jdbi;
        this.name = name;
        this.rate = rate;
        this.tokensPerMicro = rate.tokensPerNano() * 1000;
    }

    @Override
    public long tryAcquire(String key) {
        if (rate.isOff()) {
            return 0;
        }
        String stored = key.length() > MAX_KEY_LENGTH ? "sha256:" + Secrets.hash(key) : key;
        RateBucketDao.Take take = jdbi.withExtension(RateBucketDao.class,
                dao -> dao.take(name, stored, rate.burst(), tokensPerMicro));
        purgeNowAndThen();
        return take.granted() ? 0 : (long) Math.ceil((1 - take.tokens()) / rate.tokensPerNano());
    }

    /** Deletes full buckets when it is time: by one thread of this process, the others go on. */
    private void purgeNowAndThen() {
        long due = nextPurge.get();
        long now = System.nanoTime();
        if (now - due >= 0 && nextPurge.compareAndSet(due, now + PURGE_EVERY.toNanos())) {
            purge();
        }
    }

    /** Deletes this limit's full buckets; answers how many. */
    int purge() {
        return jdbi.withExtension(RateBucketDao.class, dao -> dao.purgeFull(name, rate.burst(), tokensPerMicro));
    }
}
