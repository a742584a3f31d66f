package till.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed webhook again: the configured delays (the last one repeating) with ±10% jitter so that
 * retries of many webhooks spread out, and nothing after 72 hours. A receiver's {@code Retry-After} may only push
 * the next attempt later (up to 12 hours): a receiver answering {@code Retry-After: 0} cannot make Till hammer it.
 */
public final class RetrySchedule {
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(72);
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(12);

    private final List<Duration> delays;

    public RetrySchedule(List<Duration> delays) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one delay");
        }
        this.delays = List.copyOf(delays);
    }

    /** Parses "5s,30s,2m,1h" (units ms, s, m, h, d); throws IllegalArgumentException naming the item it cannot read. */
    public static RetrySchedule parse(String value) {
        List<Duration> delays = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String item = part.trim();
            if (!item.matches("\\d{1,6}(ms|s|m|h|d)")) {
                throw new IllegalArgumentException("must list delays like 5s,30s,2m,1h; '" + item + "' is not one");
            }
            String unit = item.replaceAll("\\d", "");
            long amount = Long.parseLong(item.substring(0, item.length() - unit.length()));
            delays.add(switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        return new RetrySchedule(delays);
    }

    public List<Duration> delays() {
        return delays;
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
        if (asked != null && now.plus(asked).isAfter(next)) {
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
