package till.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.MovableClock;
import till.TestTill;

/** How dashboard sessions end on their own (idle, lifetime, a new admin key) and how sign-in attempts are capped. */
class DashboardSessionLimitsTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void aSessionEndsAfterItsIdleTimeAndAfterItsLifetimeEvenWhenUsed() {
        MovableClock clock = new MovableClock();
        TestSection[] section = new TestSection[1];
        try (TestTill server = TestTill.start(TestTill.tempDir(), Map.of(), clock, TestSection.into(section))) {
            String key = server.createShop(0).apiKey();
            DashboardClient idle = DashboardClient.signIn(server.url, key);
            DashboardClient busy = DashboardClient.signIn(server.url, key);
            clock.advance(DashboardSessions.IDLE.minus(MINUTE));
            assertTrue(signedIn(idle), "used again just before its idle time is up");
            assertTrue(signedIn(busy));
            Duration hour = Duration.ofHours(1);
            clock.advance(hour);
            assertTrue(signedIn(busy));
            clock.advance(DashboardSessions.IDLE.minus(hour).plus(MINUTE));
            assertFalse(signedIn(idle), "left alone for longer than the idle time");
            assertTrue(signedIn(busy));
            // Used every hour, the other lives until its fixed lifetime, then ends all the same.
            Duration age = DashboardSessions.IDLE.minus(MINUTE).plus(DashboardSessions.IDLE).plus(MINUTE);
            while (age.plus(hour).compareTo(DashboardSessions.LIFETIME) < 0) {
                age = age.plus(hour);
                clock.advance(hour);
                assertTrue(signedIn(busy), "in use, at " + age);
            }
            clock.advance(DashboardSessions.LIFETIME.minus(age));
            assertFalse(signedIn(busy), "past its lifetime");
        }
    }

    @Test
    void aNewAdminKeyEndsTheOperatorsSessions() {
        Path dataDir = TestTill.tempDir();
        String cookie;
        try (TestTill first = TestTill.start(dataDir, Map.of())) {
            cookie = DashboardClient.signIn(first.url, TestTill.ADMIN_KEY).cookie();
        }
        TestSection[] section = new TestSection[1];
        try (TestTill again = TestTill.start(dataDir, Map.of(), Clock.systemUTC(), TestSection.into(section))) {
            DashboardClient.Page page = DashboardClient.send(again.url, TestSection.OPERATOR_PAGE, null, "Cookie", cookie);
            assertTrue(page.body().contains(TestSection.OPERATOR_MARK), "the same admin key: the session lives on");
        }
        try (TestTill rotated = TestTill.start(dataDir, Map.of("TILL_ADMIN_KEY", "another-admin-key-0123456789"),
                Clock.systemUTC(), TestSection.into(section))) {
            DashboardClient.Page page = DashboardClient.send(rotated.url, TestSection.OPERATOR_PAGE, null, "Cookie", cookie);
            assertFalse(page.body().contains(TestSection.OPERATOR_MARK), "a new admin key: signed out");
            assertTrue(page.body().contains("type=\"password\""));
        }
    }

    @Test
    void signInAttemptsAreCappedPerAddress() {
        try (TestTill server = TestTill.start(TestTill.tempDir(), Map.of("TILL_RATE_LIMIT_SIGN_IN", "3/h"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(401, DashboardClient.attempt(server.url, "till_acct_guess" + i).status());
            }
            DashboardClient.Page refused = DashboardClient.attempt(server.url, TestTill.ADMIN_KEY);
            assertEquals(429, refused.status(), "even the right key, once the address is over its rate");
            assertTrue(Long.parseLong(refused.header("retry-after")) > 0);
            assertTrue(refused.body().contains("Too many sign-in attempts"), refused.body());
            assertTrue(refused.body().contains("type=\"password\""), "the form again");
        }
    }

    private static boolean signedIn(DashboardClient client) {
        return client.get(TestSection.SHOP_PAGE).body().contains("test-account");
    }
}
