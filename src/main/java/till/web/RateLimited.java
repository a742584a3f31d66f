package till.web;

/** A request refused by a rate limit: 429 with {@code Retry-After} in whole seconds. */
final class RateLimited extends RuntimeException {
    static final String CODE = "rate_limited";

    private final long retryAfterSeconds;

    RateLimited(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
