package till.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;

/**
 * Signing in to the dashboard over plain HTTP: which keys open which view, what a refused key gets, the cookie, the
 * CSRF and origin checks on every form, sign-out and a revoked key. Expiry and brute force: see {@link DashboardSessionLimitsTest}.
 */
class DashboardSignInTest {
    private static final TestSection[] SECTION = new TestSection[1];
    static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of(), Clock.systemUTC(), TestSection.into(SECTION));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAccountsFullKeyOpensItsShop() {
        Shop shop = server.createShop(0);
        DashboardClient client = DashboardClient.signIn(server.url, shop.apiKey());
        assertEquals("/dashboard", client.home());
        DashboardClient.Page page = client.get(TestSection.SHOP_PAGE);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<p class=\"test-account\">" + shop.accountId() + "</p>"), page.body());
        assertTrue(page.body().contains("action=\"/dashboard/sign-out\""), "a sign-out button");
        assertTrue(page.body().contains("href=\"/dashboard/transactions\""), "the shop's navigation");
        assertTrue(page.body().contains("SIMULATED"), "the simulated banner");
        assertFalse(page.body().contains(shop.apiKey()), "the key is never shown");
        assertFalse(page.body().contains(client.cookie().split("=", 2)[1]), "nor the session's secret");
        assertEquals("no-store", page.header("cache-control"));
        assertTrue(page.header("content-security-policy").contains("script-src 'self'"));
        assertEquals("text/html;charset=utf-8", page.header("content-type").replace(" ", "").toLowerCase());
    }

    @Test
    void theCookieIsHttpOnlyStrictAndLimitedToTheDashboard() {
        DashboardClient.Page answer = DashboardClient.attempt(server.url, server.createShop(0).apiKey());
        assertEquals(303, answer.status());
        String cookie = answer.header("set-cookie");
        assertTrue(cookie.startsWith(SessionCookie.NAME + "="), cookie);
        List<String> attributes = List.of(cookie.split("; "));
        assertTrue(attributes.contains("HttpOnly"), cookie);
        assertTrue(attributes.contains("SameSite=Strict"), cookie);
        assertTrue(attributes.contains("Path=/dashboard"), cookie);
        assertTrue(attributes.contains("Max-Age=" + DashboardSessions.LIFETIME.toSeconds()), cookie);
        assertTrue(attributes.stream().anyMatch(a -> a.startsWith("Expires=")), cookie);
        assertFalse(attributes.contains("Secure"), "plain http here: a Secure cookie would never come back");
        // 256 random bits, URL-safe base64.
        assertEquals(43, cookie.split(";", 2)[0].split("=", 2)[1].length());
    }

    @Test
    void theCookieIsSecureWhenTillIsReachedOverHttps() {
        try (TestTill https = TestTill.start(TestTill.tempDir(), Map.of("TILL_PUBLIC_URL", "https://till.example"))) {
            DashboardClient.Page answer = DashboardClient.attempt(https.url, TestTill.ADMIN_KEY);
            assertEquals(303, answer.status());
            assertTrue(List.of(answer.header("set-cookie").split("; ")).contains("Secure"), answer.header("set-cookie"));
        }
    }

    @Test
    void theAdminKeyOpensTheOperatorsView() {
        DashboardClient operator = DashboardClient.signIn(server.url, TestTill.ADMIN_KEY);
        assertEquals("/dashboard/admin", operator.home());
        DashboardClient.Page page = operator.get(TestSection.OPERATOR_PAGE);
        assertEquals(200, page.status());
        assertTrue(page.body().contains(TestSection.OPERATOR_MARK));
        assertFalse(page.body().contains("href=\"/dashboard/transactions\""), "no shop navigation");
        // A shop's page sends the operator to the operator's view.
        DashboardClient.Page shopPage = operator.get(TestSection.SHOP_PAGE);
        assertEquals(303, shopPage.status());
        assertEquals("/dashboard/admin", shopPage.location());
        assertEquals(403, operator.post(TestSection.SHOP_FORM, TestSection.note("x")).status());
    }

    @Test
    void anAccountKeyCannotOpenTheOperatorsView() {
        DashboardClient shop = DashboardClient.signIn(server.url, server.createShop(0).apiKey());
        DashboardClient.Page page = shop.get(TestSection.OPERATOR_PAGE);
        assertEquals(403, page.status());
        assertFalse(page.body().contains(TestSection.OPERATOR_MARK));
    }

    @Test
    void aShopOnlyEverActsOnItsOwnAccount() {
        Shop mine = server.createShop(0);
        Shop theirs = server.createShop(0);
        DashboardClient client = DashboardClient.signIn(server.url, mine.apiKey());
        client.get(TestSection.SHOP_PAGE);
        // The session is the only account a section is given: a form naming another account changes nothing of it.
        assertEquals(303, client.post(TestSection.SHOP_FORM, Map.of("note", "hello", "accountId", theirs.accountId())).status());
        assertTrue(SECTION[0].notes.contains(mine.accountId() + ":hello"));
        assertFalse(SECTION[0].notes.stream().anyMatch(n -> n.startsWith(theirs.accountId())));
        assertFalse(client.get(TestSection.SHOP_PAGE).body().contains(theirs.accountId()));
    }

    @Test
    void aBadKeyIsRefusedWithTheSignInPageAgain() {
        for (String key : List.of("till_acct_" + "x".repeat(43), "", TestTill.ADMIN_KEY + "x")) {
            DashboardClient.Page answer = DashboardClient.attempt(server.url, key);
            assertEquals(401, answer.status(), key);
            assertNull(answer.header("set-cookie"), "no session");
            assertTrue(answer.body().contains("That key was not accepted."), answer.body());
            assertTrue(answer.body().contains("type=\"password\""), "the form again");
            if (!key.isEmpty()) {
                assertFalse(answer.body().contains(key), "the key is not echoed");
            }
        }
    }

    @Test
    void aReceiveKeyDoesNotSignIn() {
        Shop shop = server.createShop(0);
        TillClient.Response made = server.post("/accounts/" + shop.accountId() + "/keys", "{\"kind\":\"receive\"}", shop.apiKey());
        assertEquals(201, made.status(), made.body());
        DashboardClient.Page answer = DashboardClient.attempt(server.url, made.text("apiKey"));
        assertEquals(403, answer.status());
        assertNull(answer.header("set-cookie"));
        assertTrue(answer.body().contains("receive-only"), answer.body());
    }

    @Test
    void aSignInFromAnotherSiteIsRefused() {
        DashboardClient.Page answer = DashboardClient.send(server.url, "/dashboard/sign-in", "key=" + TestTill.ADMIN_KEY,
                "Sec-Fetch-Site", "cross-site");
        assertEquals(403, answer.status());
        assertNull(answer.header("set-cookie"));
    }

    @Test
    void withoutASessionAPageShowsTheSignInFormAndAFormIsRefused() {
        DashboardClient.Page page = DashboardClient.send(server.url, TestSection.SHOP_PAGE, null);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<form method=\"post\" action=\"/dashboard/sign-in\">"), page.body());
        assertTrue(page.body().contains("type=\"password\""));
        assertTrue(page.body().contains("name=\"next\" value=\"" + TestSection.SHOP_PAGE + "\""), "back here once signed in");
        assertEquals("no-store", page.header("cache-control"));
        DashboardClient.Page post = DashboardClient.send(server.url, TestSection.SHOP_FORM, "note=x");
        assertEquals(401, post.status());
        assertFalse(SECTION[0].notes.contains("null:x"));
    }

    @Test
    void signingInComesBackToThePageThatAskedForIt() {
        Shop shop = server.createShop(0);
        DashboardClient.Page answer = DashboardClient.send(server.url, "/dashboard/sign-in",
                "key=" + shop.apiKey() + "&next=" + TestSection.SHOP_PAGE, "Sec-Fetch-Site", "same-origin");
        assertEquals(303, answer.status());
        assertEquals(TestSection.SHOP_PAGE, answer.location());
        for (String elsewhere : List.of("//evil.example", "https://evil.example/dashboard", "/dashboard/../x", "/other")) {
            DashboardClient.Page sent = DashboardClient.send(server.url, "/dashboard/sign-in",
                    "key=" + shop.apiKey() + "&next=" + URLEncoder.encode(elsewhere, StandardCharsets.UTF_8),
                    "Sec-Fetch-Site", "same-origin");
            assertEquals("/dashboard", sent.location(), elsewhere);
        }
    }

    @Test
    void aFormWithoutTheRightTokenOrFromAnotherSiteIsRefusedAndChangesNothing() {
        Shop shop = server.createShop(0);
        DashboardClient client = DashboardClient.signIn(server.url, shop.apiKey());
        client.get(TestSection.SHOP_PAGE);
        String token = client.csrf();
        assertEquals(403, client.postRaw(TestSection.SHOP_FORM, Map.of("note", "none"), "Sec-Fetch-Site", "same-origin").status());
        assertEquals(403, client.postRaw(TestSection.SHOP_FORM, Map.of("note", "wrong", "csrf", token + "x"),
                "Sec-Fetch-Site", "same-origin").status());
        assertEquals(403, client.postRaw(TestSection.SHOP_FORM, Map.of("note", "cross", "csrf", token),
                "Sec-Fetch-Site", "cross-site").status());
        assertEquals(403, client.postRaw(TestSection.SHOP_FORM, Map.of("note", "origin", "csrf", token),
                "Origin", "https://evil.example").status());
        assertFalse(SECTION[0].notes.stream().anyMatch(n -> n.startsWith(shop.accountId())), "nothing recorded");
        // Another session's token is no good either.
        DashboardClient other = DashboardClient.signIn(server.url, shop.apiKey());
        other.get(TestSection.SHOP_PAGE);
        assertEquals(403, client.postRaw(TestSection.SHOP_FORM, Map.of("note", "other", "csrf", other.csrf()),
                "Sec-Fetch-Site", "same-origin").status());
        // The right token from this site, or from a client that sends neither header (a script with the token).
        assertEquals(303, client.post(TestSection.SHOP_FORM, TestSection.note("right")).status());
        assertEquals(303, client.postRaw(TestSection.SHOP_FORM, Map.of("note", "plain", "csrf", token)).status());
        assertEquals(List.of(shop.accountId() + ":right", shop.accountId() + ":plain"),
                SECTION[0].notes.stream().filter(n -> n.startsWith(shop.accountId())).toList());
    }

    @Test
    void signingOutEndsTheSession() {
        DashboardClient client = DashboardClient.signIn(server.url, server.createShop(0).apiKey());
        // Sign-out is a form too: without the token it is refused, and the session lives on.
        assertEquals(403, client.postRaw("/dashboard/sign-out", Map.of(), "Sec-Fetch-Site", "same-origin").status());
        assertEquals(200, client.get(TestSection.SHOP_PAGE).status());
        assertTrue(client.get(TestSection.SHOP_PAGE).body().contains("test-account"));
        DashboardClient.Page out = client.signOut();
        assertEquals(303, out.status());
        assertEquals("/dashboard/sign-in", out.location());
        assertTrue(out.header("set-cookie").contains("Max-Age=0"), "the cookie is cleared");
        // The old cookie, sent again (as a copy of it would be), opens nothing.
        DashboardClient.Page after = client.get(TestSection.SHOP_PAGE);
        assertEquals(200, after.status());
        assertFalse(after.body().contains("test-account"));
        assertTrue(after.body().contains("type=\"password\""), "the sign-in form");
    }

    @Test
    void revokingTheKeyEndsItsSessions() {
        Shop shop = server.createShop(0);
        TillClient.Response made = server.post("/accounts/" + shop.accountId() + "/keys", "{\"kind\":\"full\"}", shop.apiKey());
        assertEquals(201, made.status(), made.body());
        DashboardClient second = DashboardClient.signIn(server.url, made.text("apiKey"));
        DashboardClient first = DashboardClient.signIn(server.url, shop.apiKey());
        assertTrue(second.get(TestSection.SHOP_PAGE).body().contains("test-account"));
        assertEquals(204, server.delete("/accounts/" + shop.accountId() + "/keys/" + made.text("id"), shop.apiKey()).status());
        assertFalse(second.get(TestSection.SHOP_PAGE).body().contains("test-account"), "the revoked key's session ended");
        assertEquals(401, second.post(TestSection.SHOP_FORM, TestSection.note("late")).status());
        assertTrue(first.get(TestSection.SHOP_PAGE).body().contains("test-account"), "another key's session lives on");
    }

    @Test
    void theSignInPageSendsASignedInSessionHome() {
        DashboardClient operator = DashboardClient.signIn(server.url, TestTill.ADMIN_KEY);
        DashboardClient.Page page = operator.get("/dashboard/sign-in");
        assertEquals(303, page.status());
        assertEquals("/dashboard/admin", page.location());
        DashboardClient.Page anonymous = DashboardClient.send(server.url, "/dashboard/sign-in", null);
        assertEquals(200, anonymous.status());
        assertNotNull(anonymous.header("content-security-policy"));
    }
}
