package till.ratelimit;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a terminal, an account, a client address). Memory stays bounded: buckets are kept in
 * least-recently-used order, and one that has refilled completely is dropped, since a new bucket is the same;
 * past {@link #MAX_KEYS} the least recently used goes even if not full.
 */
public final class RateLimiter {
    static final int MAX_KEYS = 100_000;

    private final Rate rate;
    private final LongSupplier nanoTime;
    private final int maxKeys;
    private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true);

    public RateLimiter(Rate rate) {
        this(rate, System::nanoTime, MAX_KEYS);
    }

    RateLimiter(Rate rate, LongSupplier nanoTime, int maxKeys) {
        this.rate = rate;
        this.nanoTime = nanoTime;
        this.maxKeys = maxKeys;
    }

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }

    /** Takes one token for {@code key}: 0 when allowed, otherwise the nanoseconds until a token is there. */
    public synchronized long tryAcquire(String key) {
        if (rate.isOff()) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = new Bucket(rate.burst(), now);
            buckets.put(key, bucket);
        } else {
            refill(bucket, now);
        }
        long wait = 0;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
        } else {
            wait = (long) Math.ceil((1 - bucket.tokens) / rate.tokensPerNano());
        }
        dropIdle(now);
        return wait;
    }

    /**
     * A wait as {@code Retry-After} advertises it: whole seconds, rounded up so that a client waiting that long
     * finds a token; at least 1, since 0 would invite an immediate retry.
     */
    public static long retryAfterSeconds(long waitNanos) {
        long nanosPerSecond = TimeUnit.SECONDS.toNanos(1);
        return Math.max(1, (waitNanos + nanosPerSecond - 1) / nanosPerSecond);
    }

    /** Number of buckets held, for tests. */
    synchronized int size() {
        return buckets.size();
    }

    private void refill(Bucket bucket, long now) {
        bucket.tokens = Math.min(rate.burst(), bucket.tokens + (now - bucket.updatedAt) * rate.tokensPerNano());
        bucket.updatedAt = now;
    }

    /** From the least recently used on: drop full buckets, and any beyond the cap. */
    private void dropIdle(long now) {
        Iterator<Map.Entry<String, Bucket>> eldest = buckets.entrySet().iterator();
        while (eldest.hasNext()) {
            Bucket bucket = eldest.next().getValue();
            refill(bucket, now);
            if (bucket.tokens < rate.burst() && buckets.size() <= maxKeys) {
                return;
            }
            eldest.remove();
        }
    }
}
