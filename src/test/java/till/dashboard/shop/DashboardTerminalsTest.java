package till.dashboard.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.TillClient.Shop;
import till.dashboard.DashboardClient;
import till.dashboard.DashboardClient.Page;

/**
 * The shop's terminals over real HTTP, as its pages' forms send them: made, renamed, their split and currency set,
 * each checked as the API checks it; a refused form shows again with the reason and changes nothing; another
 * account's terminal is not there.
 */
class DashboardTerminalsTest {
    static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode terminals(Shop shop) {
        return server.get("/accounts/" + shop.accountId() + "/bpts", shop.apiKey()).json();
    }

    private static JsonNode terminal(Shop shop, String bptId) {
        for (JsonNode bpt : terminals(shop)) {
            if (bpt.get("id").asText().equals(bptId)) {
                return bpt;
            }
        }
        throw new AssertionError("no terminal " + bptId);
    }

    private static Map<String, String> settings(String name, String split, String currency) {
        return Map.of("name", name, "splitBitcoinPercentage", split, "currency", currency);
    }

    @Test
    void aTerminalIsMadeRenamedAndItsSplitAndCurrencySet() {
        Shop shop = server.createShop(0);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        Page list = dashboard.get("/dashboard/terminals");
        assertEquals(200, list.status());
        assertTrue(list.body().contains("Counter") && list.body().contains("/pos/" + shop.bptId()), list.body());

        Page made = dashboard.post("/dashboard/terminals", settings("Bar & Café", "60", "eur"));
        assertEquals(303, made.status(), made.body());
        String bptId = made.location().replace("/dashboard/terminals?made=", "");
        JsonNode bpt = terminal(shop, bptId);
        assertEquals("Bar & Café", bpt.get("name").asText());
        assertEquals(60, bpt.get("splitBitcoinPercentage").asInt());
        assertEquals("EUR", bpt.get("currency").asText());
        Page after = dashboard.get(made.location());
        assertTrue(after.body().contains("Terminal “Bar &amp; Café” is ready"), after.body());
        assertTrue(after.body().contains("/pos/" + bptId) && after.body().contains("/dashboard/terminals/" + bptId + "/print"));

        Page settingsPage = dashboard.get("/dashboard/terminals/" + bptId);
        assertEquals(200, settingsPage.status());
        assertTrue(settingsPage.body().contains("value=\"Bar &amp; Café\"") && settingsPage.body().contains("value=\"EUR\""));
        Page saved = dashboard.post("/dashboard/terminals/" + bptId, settings("Bar", "0", ""));
        assertEquals(303, saved.status(), saved.body());
        assertEquals("/dashboard/terminals?saved=" + bptId, saved.location());
        bpt = terminal(shop, bptId);
        assertEquals("Bar", bpt.get("name").asText());
        assertEquals(0, bpt.get("splitBitcoinPercentage").asInt());
        assertTrue(bpt.get("currency").isNull(), "an empty currency: the keypad types sats");
        String invoice = server.createInvoice(new Shop(shop.accountId(), shop.apiKey(), bptId), 1000).get("id").asText();
        assertEquals(0, server.get("/transaction/" + invoice, shop.apiKey()).json().get("splitBitcoinPercentage").asInt(),
                "the next invoice has the new split");
    }

    @Test
    void aRefusedFormShowsAgainWithTheReasonAndChangesNothing() {
        Shop shop = server.createShop(0);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        dashboard.get("/dashboard/terminals");
        JsonNode before = terminals(shop);
        assertRefused(dashboard.post("/dashboard/terminals", settings("", "50", "")), 400, "name is required");
        Page tooMuch = dashboard.post("/dashboard/terminals", settings("Bar", "101", ""));
        assertRefused(tooMuch, 400, "splitBitcoinPercentage must be a whole number from 0 to 100");
        assertTrue(tooMuch.body().contains("value=\"Bar\"") && tooMuch.body().contains("value=\"101\""), "what was typed stays");
        assertRefused(dashboard.post("/dashboard/terminals", settings("Bar", "half", "")), 400, "must be a whole number");
        assertRefused(dashboard.post("/dashboard/terminals", settings("Bar", "50", "SEK")), 400, "SEK");
        assertRefused(dashboard.post("/dashboard/terminals", settings("Bar", "50", "XYZ")), 400, "ISO 4217");
        assertRefused(dashboard.post("/dashboard/terminals", settings("x".repeat(101), "50", "")), 400, "at most 100");

        String path = "/dashboard/terminals/" + shop.bptId();
        assertRefused(dashboard.post(path, settings("Renamed", "-1", "")), 400, "from 0 to 100");
        assertRefused(dashboard.post(path, settings("Renamed", "50", "SEK")), 400, "SEK");
        assertRefused(dashboard.post(path, settings("   ", "50", "")), 400, "name is required");
        assertEquals(before, terminals(shop), "no terminal made, none changed");
    }

    @Test
    void anotherAccountsTerminalIsNotThere() {
        Shop shop = server.createShop(0);
        Shop other = server.createShop(0);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        JsonNode before = terminals(other);
        String path = "/dashboard/terminals/" + other.bptId();
        assertEquals(404, dashboard.get(path).status());
        assertEquals(404, dashboard.get(path + "/print").status());
        assertEquals(404, dashboard.get(path + "/print-lnurl").status());
        assertEquals(404, dashboard.post(path, settings("Mine", "0", "")).status());
        assertEquals(404, dashboard.get("/dashboard/terminals/no-such-terminal").status());
        Page notice = dashboard.get("/dashboard/terminals?saved=" + other.bptId());
        assertFalse(notice.body().contains("Counter”"), "a notice names only the session's own terminals");
        assertFalse(dashboard.get("/dashboard/terminals").body().contains(other.bptId()));
        assertEquals(before, terminals(other));
    }

    @Test
    void thePrintablePageHasThePosLinkAsAQrCode() {
        Shop shop = server.createShop(0);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        Page print = dashboard.get("/dashboard/terminals/" + shop.bptId() + "/print");
        assertEquals(200, print.status());
        assertTrue(print.body().contains("<svg") && print.body().contains("shape-rendering=\"crispEdges\""), print.body());
        assertTrue(print.body().contains(server.url + "/pos/" + shop.bptId()), "the link written under the code");
        assertTrue(print.body().contains("Set TILL_PUBLIC_URL"), "a link to 127.0.0.1 is no use on a counter: said so");
        assertTrue(print.header("content-security-policy").contains("script-src 'self'"));
        assertEquals(200, server.get("/pos/" + shop.bptId(), null).status(), "the link opens the POS");
    }

    @Test
    void withAPublicUrlThePrintedLinkIsThatOne() {
        try (TestTill shopServer = TestTill.start(TestTill.tempDir(), Map.of("TILL_PUBLIC_URL", "https://pay.shop.example"))) {
            Shop shop = shopServer.createShop(0);
            Page print = DashboardClient.signIn(shopServer.url, shop.apiKey()).get("/dashboard/terminals/" + shop.bptId() + "/print");
            assertTrue(print.body().contains("https://pay.shop.example/pos/" + shop.bptId()), print.body());
            assertFalse(print.body().contains("Set TILL_PUBLIC_URL"));
        }
    }

    @Test
    void theLightningAddressIsSetInTheFormAndPrintedWithTheLnurlCode() {
        try (TestTill shopServer = TestTill.start(TestTill.tempDir(), Map.of("TILL_PUBLIC_URL", "https://pay.shop.example"))) {
            Shop shop = shopServer.createShop(0);
            DashboardClient dashboard = DashboardClient.signIn(shopServer.url, shop.apiKey());
            String path = "/dashboard/terminals/" + shop.bptId();
            assertTrue(dashboard.get(path).body().contains("@pay.shop.example"), "the form names the address's domain");

            Page refused = dashboard.post(path, Map.of("name", "Counter", "splitBitcoinPercentage", "100", "currency", "",
                    "lightningAddress", "the counter"));
            assertRefused(refused, 400, "lightningAddress must be 1 to 64 of the letters a-z");
            assertTrue(shopServer.get("/accounts/" + shop.accountId() + "/bpts", shop.apiKey()).json().get(0)
                    .get("lightningAddress").isNull());

            assertEquals(303, dashboard.post(path, Map.of("name", "Counter", "splitBitcoinPercentage", "100",
                    "currency", "", "lightningAddress", "Counter")).status());
            JsonNode terminal = shopServer.get("/accounts/" + shop.accountId() + "/bpts", shop.apiKey()).json().get(0);
            assertEquals("counter@pay.shop.example", terminal.get("lightningAddress").asText());
            assertTrue(dashboard.get(path).body().contains("value=\"counter\""), "the form shows the address set");

            Page print = dashboard.get(path + "/print-lnurl");
            assertEquals(200, print.status());
            assertTrue(print.body().contains("<svg") && print.body().contains(terminal.get("lnurl").asText()), print.body());
            assertTrue(print.body().contains("or send to counter@pay.shop.example"), print.body());
            assertFalse(print.body().contains("Set TILL_PUBLIC_URL"));
            assertTrue(dashboard.get("/dashboard/terminals").body().contains(path + "/print-lnurl"));

            assertEquals(303, dashboard.post(path, Map.of("name", "Counter", "splitBitcoinPercentage", "100",
                    "currency", "", "lightningAddress", "")).status());
            assertTrue(shopServer.get("/accounts/" + shop.accountId() + "/bpts", shop.apiKey()).json().get(0)
                    .get("lightningAddress").isNull(), "an empty field removes the address");
        }
    }

    @Test
    void aFormWithoutTheCsrfTokenChangesNothing() {
        Shop shop = server.createShop(0);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        JsonNode before = terminals(shop);
        assertEquals(403, dashboard.postRaw("/dashboard/terminals", settings("Sneaky", "50", ""),
                "Sec-Fetch-Site", "same-origin").status());
        assertEquals(403, dashboard.postRaw("/dashboard/terminals/" + shop.bptId(), settings("Sneaky", "50", ""),
                "Sec-Fetch-Site", "same-origin").status());
        assertEquals(before, terminals(shop));
    }

    private static void assertRefused(Page page, int status, String reason) {
        assertEquals(status, page.status(), page.body());
        assertTrue(page.body().contains(reason), reason + " in " + page.body());
        assertTrue(page.body().contains("<form method=\"post\""), "the form again");
    }
}
