package till.dashboard.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestTill;
import till.TillClient;
import till.config.Version;
import till.dashboard.DashboardClient;
import till.dashboard.DashboardClient.Page;

/** The operator's view over real HTTP: its content, creating an account from it, and who may open it. */
class OperatorViewTest {
    private static final Pattern API_KEY = Pattern.compile("id=\"api-key\">([^<]+)<");
    private static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theAccountsWithTheirTotalsTheNodeItsChannelAndTheOperations() {
        TillClient.Shop shop = server.createShop(0);
        String hash = server.createInvoice(shop, 21_000_000L).get("invoiceHash").asText();
        assertEquals(200, server.pay(hash).status());
        Await.until("the payment credited", Duration.ofSeconds(10), () -> server.balance(shop) == 21_000_000L);

        DashboardClient operator = DashboardClient.signIn(server.url, TestTill.ADMIN_KEY);
        assertEquals("/dashboard/admin", operator.home());
        Page page = operator.get("/dashboard/admin");
        assertEquals(200, page.status(), page.body());
        String body = page.body();
        assertTrue(body.contains(shop.accountId()), "the account is listed");
        assertTrue(body.contains("<td class=\"num\">21,000</td><td class=\"num\">21,000</td><td class=\"num\">1</td>"
                + "<td class=\"num\">0</td>"), "balance, received, payments, paid out: " + body);
        assertTrue(body.contains(server.till.simNode().nodeId()), "the node's id");
        assertTrue(body.contains("till-sim") && body.contains("regtest") && body.contains("v24.11.2"));
        assertTrue(body.contains("6,000,000 sats"), "what the node can receive now");
        assertTrue(body.contains("4,000,000 sats"), "what it can send now");
        assertTrue(body.contains("<td class=\"num\">10,000,000</td><td class=\"num\">4,000,000</td>"
                + "<td class=\"num\">6,000,000</td>"), "the channel: capacity, ours, theirs");
        assertTrue(body.contains(">open<"), "the channel's state");
        assertTrue(body.contains("title=\"" + channelPeer() + "\""), "its peer");
        assertTrue(body.contains("Payment watcher") && body.contains("running"), "the watcher");
        assertTrue(body.contains("Webhooks waiting"), "the webhook backlog");
        assertTrue(body.contains(Version.current()), "the version");
        assertFalse(body.contains("op-warning"), "no warning: nothing open is too large");
        assertTrue(page.header("cache-control").contains("no-store"));
    }

    /**
     * The simulated channel's peer holds 6,000,000 sats: an open invoice of 7,000,000 cannot be received now (a Till
     * of its own, so the other tests' view has no warning).
     */
    @Test
    void anOpenInvoiceLargerThanTheNodeCanReceiveIsAWarning() {
        try (TestTill own = TestTill.start()) {
            TillClient.Shop shop = own.createShop(0);
            own.createInvoice(shop, 6_000_000_000L); // exactly what it can receive: no warning
            long id = TillClient.transactionId(own.createInvoice(shop, 7_000_000_000L));
            String body = DashboardClient.signIn(own.url, TestTill.ADMIN_KEY).get("/dashboard/admin").body();
            assertTrue(body.contains("class=\"op-warning\" role=\"alert\""), body);
            assertTrue(body.contains("1 open invoice is larger than the node can receive now"), body);
            assertTrue(body.contains("The node can receive at most 6,000,000 sats now."), body);
            assertTrue(body.contains("<td class=\"num\">" + id + "</td>"), "the invoice is listed");
            assertTrue(body.contains("<td class=\"num\">7,000,000</td>"), "with its amount");
            assertFalse(body.contains("<td class=\"num\">6,000,000</td><td>"), "not the one it can receive");
        }
    }

    @Test
    void anAccountMadeFromTheFormShowsItsKeyOnceAndTheKeyWorks() {
        DashboardClient operator = DashboardClient.signIn(server.url, TestTill.ADMIN_KEY);
        Page created = operator.post("/dashboard/admin/accounts", Map.of("name", "  Café <Nord>  ", "feePpm", "1500"));
        assertEquals(201, created.status(), created.body());
        assertTrue(created.header("cache-control").contains("no-store"));
        assertTrue(created.body().contains("Café &lt;Nord&gt;"), "the name, escaped and stripped: " + created.body());
        assertTrue(created.body().contains("fee 1500 ppm"));
        Matcher key = API_KEY.matcher(created.body());
        assertTrue(key.find(), created.body());
        String apiKey = key.group(1);

        TillClient.Response account = server.get("/v1/account/balance", apiKey);
        assertEquals(200, account.status(), "a full key: " + account.body());
        String id = created.body().replaceAll("(?s).*<code class=\"op-id\">([^<]+)</code>.*", "$1");
        TillClient.Response own = server.get("/accounts/" + id, apiKey);
        assertEquals("Café <Nord>", own.text("name"));
        assertEquals(1500, own.json().get("feePpm").asInt());

        Page view = operator.get("/dashboard/admin");
        assertTrue(view.body().contains(id), "listed");
        assertFalse(view.body().contains(apiKey), "never shown again");
    }

    @Test
    void aFormWithoutTheCsrfTokenOrWithBadInputCreatesNothing() {
        DashboardClient operator = DashboardClient.signIn(server.url, TestTill.ADMIN_KEY);
        int before = accounts();
        Page forged = operator.postRaw("/dashboard/admin/accounts", Map.of("name", "Forged"),
                "Sec-Fetch-Site", "same-origin");
        assertEquals(403, forged.status());
        Page otherSite = operator.postRaw("/dashboard/admin/accounts",
                Map.of("name", "Forged", "csrf", operator.csrf()), "Sec-Fetch-Site", "cross-site");
        assertEquals(403, otherSite.status());

        Map<Map<String, String>, String> refused = new LinkedHashMap<>();
        refused.put(Map.of("name", "   ", "feePpm", "10"), "name is required");
        refused.put(Map.of("name", "x".repeat(101)), "name must be at most 100 characters");
        refused.put(Map.of("name", "Bad\u202Ename"), "must not contain control, format");
        refused.put(Map.of("name", "Shop", "feePpm", "ten"), "feePpm must be a whole number");
        refused.put(Map.of("name", "Shop", "feePpm", "1000001"), "feePpm must be");
        refused.forEach((form, reason) -> {
            Page page = operator.post("/dashboard/admin/accounts", form);
            assertEquals(400, page.status(), form + ": " + page.body());
            assertTrue(page.body().contains(reason), form + ": " + page.body());
            assertTrue(page.body().contains("action=\"/dashboard/admin/accounts\""), "the form again");
            if (form.containsKey("feePpm")) {
                assertTrue(page.body().contains("value=\"" + form.get("feePpm") + "\""), "as typed");
            }
        });
        assertEquals(before, accounts(), "nothing created");
    }

    @Test
    void anAccountsSessionIsRefusedAndNoSessionIsAskedToSignIn() {
        TillClient.Shop shop = server.createShop(0);
        DashboardClient shopSession = DashboardClient.signIn(server.url, shop.apiKey());
        assertEquals(403, shopSession.get("/dashboard/admin").status());
        assertFalse(shopSession.get("/dashboard/admin").body().contains("Create account"), "nothing of the view");
        int before = accounts();
        // Refused for its kind of session, whatever its token.
        assertEquals(403, shopSession.postRaw("/dashboard/admin/accounts", Map.of("name", "Mine", "csrf", "any"),
                "Sec-Fetch-Site", "same-origin").status());
        assertEquals(before, accounts());

        Page signIn = DashboardClient.send(server.url, "/dashboard/admin", null);
        assertEquals(200, signIn.status());
        assertTrue(signIn.body().contains("id=\"key\""), "the sign-in form");
        assertFalse(signIn.body().contains("Channels"));
        assertEquals(401, DashboardClient.send(server.url, "/dashboard/admin/accounts", "name=Anyone",
                "Sec-Fetch-Site", "same-origin").status());
        assertEquals(before, accounts());
    }

    /** The simulated channel's peer, as the node lists it. */
    private static String channelPeer() {
        return new TillClient(server.till.simNode().baseUrl()).rpc("listfunds", "{}").json().at("/channels/0/peer_id").asText();
    }

    private static int accounts() {
        return server.get("/accounts", TestTill.ADMIN_KEY).json().size();
    }
}
