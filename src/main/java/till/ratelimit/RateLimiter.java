package till.ratelimit;

import java.util.concurrent.TimeUnit;

/**
 * Token buckets by key (a terminal, an account, a client address): in this process's memory
 * ({@link LocalRateLimiter}) or, for Till processes sharing a PostgreSQL database, in the database
 * ({@link SharedRateLimiter}), so that the cluster has one budget per key.
 */
public interface RateLimiter {
    /** Takes one token for {@code key}: 0 when allowed, otherwise the nanoseconds until a token is there. */
    long tryAcquire(String key);

    /**
     * A wait as {@code Retry-After} advertises it: whole seconds, rounded up so that a client waiting that long
     * finds a token; at least 1, since 0 would invite an immediate retry.
     */
    static long retryAfterSeconds(long waitNanos) {
        long nanosPerSecond = TimeUnit.SECONDS.toNanos(1);
        return Math.max(1, (waitNanos + nanosPerSecond - 1) / nanosPerSecond);
    }
}
