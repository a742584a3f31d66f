package till.web;

import till.ratelimit.RateLimiter;

/** A request refused by a rate limit: 429 with {@code Retry-After} in whole seconds. */
final class RateLimited extends RuntimeException {
    private final long retryAfterSeconds;

    RateLimited(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Throws when a limiter asked to wait: the wait rounded up to whole seconds, at least 1, ends the message. */
    static void refuseIfWaiting(long waitNanos, String message) {
        if (waitNanos > 0) {
            long seconds = RateLimiter.retryAfterSeconds(waitNanos);
            throw new RateLimited(message + "; try again in " + seconds + " s", seconds);
        }
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
