package till.ratelimit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate limit as configured: {@code count} requests per {@code per}, with bursts of up to {@code burst}.
 * Written {@code 20/s}, {@code 600/m} or {@code 20/s,burst=60}; {@code 0} turns the limit off.
 */
public record Rate(long count, Duration per, long burst) {
    public static final Rate OFF = new Rate(0, Duration.ofSeconds(1), 0);
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})/(s|m|h)(?:\\s*,\\s*burst\\s*=\\s*(\\d{1,9}))?");

    /** Parses the written form; throws IllegalArgumentException with a sentence saying what is expected. */
    public static Rate parse(String text) {
        String value = text.trim();
        if (value.equals("0")) {
            return OFF;
        }
        Matcher m = SYNTAX.matcher(value);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("must be like 20/s, 600/m or 20/s,burst=60 (0 = off), not '" + text + "'");
        }
        long count = Long.parseLong(m.group(1));
        Duration per = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        // Without an explicit burst, a whole period's allowance may come at once.
        long burst = m.group(3) == null ? count : Long.parseLong(m.group(3));
        if (burst == 0) {
            throw new IllegalArgumentException("burst must be at least 1, not '" + text + "'");
        }
        return new Rate(count, per, burst);
    }

    public boolean isOff() {
        return count == 0;
    }

    double tokensPerNano() {
        return (double) count / per.toNanos();
    }

    @Override
    public String toString() {
        if (isOff()) {
            return "0";
        }
        String unit = per.equals(Duration.ofSeconds(1)) ? "s" : per.equals(Duration.ofMinutes(1)) ? "m" : "h";
        return count + "/" + unit + (burst == count ? "" : ",burst=" + burst);
    }
}
