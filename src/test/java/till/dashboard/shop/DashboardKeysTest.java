package till.dashboard.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.TillClient.Shop;
import till.dashboard.DashboardClient;
import till.dashboard.DashboardClient.Page;

/**
 * The shop's keys from its dashboard: made with a kind and a label and shown once, in the answer to the form; listed
 * without the keys; revoked after a confirmation, under the API's rules (the last full key stays).
 */
class DashboardKeysTest {
    private static final Pattern SHOWN_KEY = Pattern.compile("id=\"new-key\" value=\"(till_(?:recv|acct)_[A-Za-z0-9_-]+)\"");
    static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode keys(Shop shop) {
        return server.get("/accounts/" + shop.accountId() + "/keys", shop.apiKey()).json();
    }

    private static String idOf(Shop shop, String label) {
        for (JsonNode key : keys(shop)) {
            if (label.equals(key.path("label").asText(null))) {
                return key.get("id").asText();
            }
        }
        throw new AssertionError("no key labelled " + label);
    }

    private static String shownKey(Page page) {
        Matcher m = SHOWN_KEY.matcher(page.body());
        assertTrue(m.find(), page.body());
        return m.group(1);
    }

    @Test
    void aKeyIsShownOnceInTheAnswerToItsFormAndNeverAgain() {
        Shop shop = server.createShop(0);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        dashboard.get("/dashboard/keys");
        Page made = dashboard.post("/dashboard/keys", Map.of("kind", "receive", "label", "WooCommerce"));
        assertEquals(200, made.status(), made.body());
        assertNull(made.location(), "shown in the answer itself: no redirect, no URL");
        assertTrue(made.header("cache-control").contains("no-store"));
        String key = shownKey(made);
        assertTrue(key.startsWith("till_recv_"));
        assertEquals(200, server.get("/transactions", key).status(), "a working receive key");
        assertEquals(403, server.get("/v1/account/balance", key).status(), "and only that");

        Page list = dashboard.get("/dashboard/keys");
        assertFalse(list.body().contains(key), "never shown again");
        assertTrue(list.body().contains("WooCommerce") && list.body().contains("Receive only"), list.body());
        assertEquals(2, keys(shop).size());

        String full = shownKey(dashboard.post("/dashboard/keys", Map.of("kind", "full", "label", "Bookkeeping")));
        assertTrue(full.startsWith("till_acct_"));
        assertEquals(200, server.get("/v1/account/balance", full).status());
    }

    @Test
    void badInputShowsTheFormAgainAndMakesNoKey() {
        Shop shop = server.createShop(0);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        dashboard.get("/dashboard/keys");
        Page badKind = dashboard.post("/dashboard/keys", Map.of("kind", "spend", "label", "x"));
        assertEquals(400, badKind.status());
        assertTrue(badKind.body().contains("kind must be receive or full"), badKind.body());
        Page longLabel = dashboard.post("/dashboard/keys", Map.of("kind", "full", "label", "x".repeat(101)));
        assertEquals(400, longLabel.status());
        assertTrue(longLabel.body().contains("at most 100"), longLabel.body());
        assertFalse(longLabel.body().contains("till_acct_"));
        assertEquals(1, keys(shop).size());
    }

    @Test
    void aKeyIsRevokedAfterAConfirmationButNeverTheLastFullKey() {
        Shop shop = server.createShop(0);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        dashboard.get("/dashboard/keys");
        String key = shownKey(dashboard.post("/dashboard/keys", Map.of("kind", "receive", "label", "Old plugin")));
        String keyId = idOf(shop, "Old plugin");

        Page confirm = dashboard.get("/dashboard/keys/" + keyId + "/revoke");
        assertEquals(200, confirm.status());
        assertTrue(confirm.body().contains("Old plugin") && confirm.body().contains("Revoke this key?"), confirm.body());
        assertEquals(200, server.get("/transactions", key).status(), "a confirmation page changes nothing");
        Page revoked = dashboard.post("/dashboard/keys/" + keyId + "/revoke", Map.of());
        assertEquals(303, revoked.status(), revoked.body());
        assertEquals(401, server.get("/transactions", key).status(), "refused at once");
        assertTrue(dashboard.get(revoked.location()).body().contains("The key is revoked"));

        String firstKeyId = keys(shop).get(0).get("id").asText();
        Page last = dashboard.post("/dashboard/keys/" + firstKeyId + "/revoke", Map.of());
        assertEquals(409, last.status());
        assertTrue(last.body().contains("last full key"), last.body());
        assertEquals(200, server.get("/v1/account/balance", shop.apiKey()).status(), "the last full key stays");
    }

    @Test
    void revokingTheKeyASessionSignedInWithEndsTheSession() {
        Shop shop = server.createShop(0);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        dashboard.get("/dashboard/keys");
        String second = shownKey(dashboard.post("/dashboard/keys", Map.of("kind", "full", "label", "Second")));
        String firstKeyId = keys(shop).get(0).get("id").asText();
        assertEquals(303, dashboard.post("/dashboard/keys/" + firstKeyId + "/revoke", Map.of()).status());
        assertTrue(dashboard.get("/dashboard/keys").body().contains("id=\"key\""), "signed out: the sign-in form");
        assertEquals(200, DashboardClient.signIn(server.url, second).get("/dashboard/keys").status());
    }

    @Test
    void anotherAccountsKeyIsNotThere() {
        Shop shop = server.createShop(0);
        Shop other = server.createShop(0);
        DashboardClient dashboard = DashboardClient.signIn(server.url, shop.apiKey());
        dashboard.get("/dashboard/keys");
        String otherKeyId = keys(other).get(0).get("id").asText();
        assertEquals(404, dashboard.get("/dashboard/keys/" + otherKeyId + "/revoke").status());
        assertEquals(404, dashboard.post("/dashboard/keys/" + otherKeyId + "/revoke", Map.of()).status());
        assertFalse(dashboard.get("/dashboard/keys").body().contains(otherKeyId));
        assertEquals(200, server.get("/v1/account/balance", other.apiKey()).status());
    }
}
