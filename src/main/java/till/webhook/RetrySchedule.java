package till.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed webhook again: the configured delays (the last one repeating) with ±10% jitter so that
 * retries of many webhooks spread out, a receiver's {@code Retry-After} honoured, and nothing after 72 hours.
 */
public final class RetrySchedule {
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(72);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(12);

    private final List<Duration> delays;

    public RetrySchedule(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    /**
     * The next attempt after attempt number {@code attempts} (1 = the first) failed at {@code now}, or null when the
     * delivery should be given up.
     */
    public Instant next(int attempts, Instant createdAt, Instant now, String retryAfter) {
        Duration delay = delays.get(Math.min(attempts, delays.size()) - 1);
        long jitter = delay.toMillis() / 10;
        Instant next = now.plusMillis(delay.toMillis() + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1)));
        Duration asked = retryAfter(retryAfter, now);
        if (asked != null) {
            next = now.plus(asked);
        }
        return next.isAfter(createdAt.plus(GIVE_UP_AFTER)) ? null : next;
    }

    /** {@code Retry-After} as seconds or an HTTP date, capped at 12 hours; null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Duration asked;
        try {
            asked = Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                asked = Duration.between(now, ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (RuntimeException notADate) {
                return null;
            }
        }
        if (asked.isNegative()) {
            return Duration.ZERO;
        }
        return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
    }
}
