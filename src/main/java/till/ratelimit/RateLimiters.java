package till.ratelimit;

import org.jdbi.v3.core.Jdbi;

/** Makes the limiters of one kind: every limit of a Till keeps its buckets in the same place. */
@FunctionalInterface
public interface RateLimiters {
    /** A limiter of {@code rate}; {@code name} tells its buckets from other limits' (the same name in every process). */
    RateLimiter limiter(String name, Rate rate);

    /** Buckets in this process's memory: for a Till alone on its database. */
    static RateLimiters local() {
        return (name, rate) -> new LocalRateLimiter(rate);
    }

    /** Buckets in the database, one budget for every Till process sharing it. */
    static RateLimiters shared(Jdbi jdbi) {
        return (name, rate) -> new SharedRateLimiter(jdbi, name, rate);
    }
}
