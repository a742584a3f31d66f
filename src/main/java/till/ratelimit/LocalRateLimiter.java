package till.ratelimit;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets by key in this process's memory: the limiter of a Till alone on its database (H2). Memory stays
 * bounded: buckets are kept in least-recently-used order, and one that has refilled completely is dropped, since a new
 * bucket is the same; past {@link #MAX_KEYS} the least recently used goes even if not full.
 */
public final class LocalRateLimiter implements RateLimiter {
    static final int MAX_KEYS = 100_000;

    private final Rate rate;
    private final LongSupplier nanoTime;
    private final int maxKeys;
    private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true);

    public LocalRateLimiter(Rate rate) {
        this(rate, System::nanoTime, MAX_KEYS);
    }

    LocalRateLimiter(Rate rate, LongSupplier nanoTime, int maxKeys) {
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

    @Override
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
