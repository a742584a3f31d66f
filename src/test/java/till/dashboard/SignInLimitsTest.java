package till.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import till.ratelimit.Rate;
import till.ratelimit.RateLimiters;

/** The sign-in caps: per address, and for all addresses together. */
class SignInLimitsTest {
    @Test
    void manyAddressesTogetherMeetTheOverallCap() {
        SignInLimits limits = SignInLimits.of(RateLimiters.local(), Rate.parse("10/m"));
        for (int i = 0; i < SignInLimits.OVERALL.burst(); i++) {
            assertEquals(0, limits.attempt("10.0." + (i / 250) + "." + (i % 250)), "address " + i);
        }
        assertTrue(limits.attempt("192.0.2.1") > 0, "a new address, once all of them together are over the cap");
    }

    @Test
    void oneAddressMeetsItsOwnCapFirstWithoutSpendingTheOverallOne() {
        SignInLimits limits = SignInLimits.of(RateLimiters.local(), Rate.parse("2/m"));
        assertEquals(0, limits.attempt("192.0.2.1"));
        assertEquals(0, limits.attempt("192.0.2.1"));
        for (int i = 0; i < 500; i++) {
            assertEquals(30, limits.attempt("192.0.2.1"), "the address waits for its next token");
        }
        assertEquals(0, limits.attempt("192.0.2.2"), "its refusals spent nothing of the overall cap");
    }

    @Test
    void offTurnsBothOff() {
        SignInLimits limits = SignInLimits.of(RateLimiters.local(), Rate.OFF);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, limits.attempt("192.0.2.1"));
        }
    }
}
