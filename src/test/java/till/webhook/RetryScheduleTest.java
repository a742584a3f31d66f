package till.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of {@link RetrySchedule}, each pinned at its edges. */
class RetryScheduleTest {
    private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");
    private static final RetrySchedule SCHEDULE = new RetrySchedule(List.of(Duration.ofSeconds(10), Duration.ofSeconds(100)));

    private static long delayMillis(int attempts, Instant now, String retryAfter) {
        Instant next = SCHEDULE.next(attempts, CREATED, now, retryAfter);
        return Duration.between(now, next).toMillis();
    }

    @Test
    void parsesEveryUnitAndRefusesAnythingElse() {
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofHours(3),
                Duration.ofDays(1)), RetrySchedule.parse("200ms, 5s,2m ,3h,1d").delays());
        for (String bad : new String[] {"", "5", "5x", "-5s", "5s,,1m", "5s,", "1.5s", "1234567s", "5 s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse(bad), bad);
            assertTrue(e.getMessage().contains("like 5s,30s,2m,1h"), e.getMessage());
        }
    }

    @Test
    void theJitterIsTenPercentEitherWayAndActuallySpreads() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2000; i++) {
            long delay = delayMillis(1, CREATED, null);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertTrue(min >= 9_000 && max <= 11_000, "within ±10 %: " + min + ".." + max);
        // 2,000 uniform draws all inside the middle half of the range would be a broken jitter, not bad luck.
        assertTrue(min < 9_500 && max > 10_500, "spread over the range: " + min + ".." + max);
    }

    @Test
    void theLastDelayRepeats() {
        for (int attempts : new int[] {2, 3, 50}) {
            long delay = delayMillis(attempts, CREATED, null);
            assertTrue(delay >= 90_000 && delay <= 110_000, attempts + ": " + delay);
        }
    }

    @Test
    void retryAfterLengthensButNeverShortens() {
        assertEquals(3_600_000, delayMillis(1, CREATED, "3600"));
        assertTrue(delayMillis(1, CREATED, "0") >= 9_000, "Retry-After: 0 keeps the schedule");
        assertTrue(delayMillis(1, CREATED, "2") >= 9_000, "a shorter Retry-After keeps the schedule");
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(CREATED.plusSeconds(7200).atOffset(ZoneOffset.UTC));
        assertEquals(7_200_000, delayMillis(1, CREATED, date));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(CREATED.minusSeconds(60).atOffset(ZoneOffset.UTC));
        assertTrue(delayMillis(1, CREATED, past) >= 9_000, "a date in the past keeps the schedule");
        for (String unreadable : new String[] {"soon", "", "  ", "-5"}) {
            long delay = delayMillis(1, CREATED, unreadable);
            assertTrue(delay >= 9_000 && delay <= 11_000, unreadable + ": " + delay);
        }
    }

    @Test
    void retryAfterIsCappedAtTwelveHours() {
        assertEquals(Duration.ofHours(12).toMillis(), delayMillis(1, CREATED, "43200"));
        assertEquals(Duration.ofHours(12).toMillis(), delayMillis(1, CREATED, "43201"));
        assertEquals(Duration.ofHours(12).toMillis(), delayMillis(1, CREATED, Long.toString(Long.MAX_VALUE / 1000)));
    }

    @Test
    void givesUpWhenTheNextAttemptWouldBeAfterSeventyTwoHours() {
        Instant deadline = CREATED.plus(Duration.ofHours(72));
        // Retry-After makes the next attempt exact: on the deadline is still allowed, a millisecond after is not.
        assertEquals(deadline, SCHEDULE.next(1, CREATED, deadline.minusSeconds(3600), "3600"));
        assertNull(SCHEDULE.next(1, CREATED, deadline.minusSeconds(3600).plusMillis(1), "3600"));
        assertNull(SCHEDULE.next(1, CREATED, deadline, null));
        assertTrue(SCHEDULE.next(9, CREATED, deadline.minusSeconds(111), null) != null);
    }

    @Test
    void theJitterReachesBothEnds() {
        // 10 ms ± 1 ms: over 300 draws each of 9, 10 and 11 ms comes up (a draw misses one with odds of (2/3)^300).
        RetrySchedule tiny = new RetrySchedule(List.of(Duration.ofMillis(10)));
        java.util.Set<Long> seen = new java.util.TreeSet<>();
        for (int i = 0; i < 300; i++) {
            seen.add(Duration.between(CREATED, tiny.next(1, CREATED, CREATED, null)).toMillis());
        }
        assertEquals(java.util.Set.of(9L, 10L, 11L), seen);
    }

    @Test
    void aRetryAfterInThePastAsksForNoWait() {
        Instant now = Instant.parse("2024-01-02T00:00:00Z");
        assertEquals(Duration.ZERO, RetrySchedule.retryAfter("Mon, 01 Jan 2024 00:00:00 GMT", now));
        assertEquals(Duration.ZERO, RetrySchedule.retryAfter("-5", now));
    }
}
