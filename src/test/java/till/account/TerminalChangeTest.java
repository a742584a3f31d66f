package till.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;

/**
 * {@code PATCH /accounts/{id}/bpts/{bptId}}: a terminal's name, split and currency change, each checked as at its
 * creation; a refused change changes nothing; another account's terminal looks missing; a receive key may not.
 */
class TerminalChangeTest {
    static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response change(Shop shop, String body, String key) {
        return server.patch("/accounts/" + shop.accountId() + "/bpts/" + shop.bptId(), body, key);
    }

    private static JsonNode terminal(Shop shop) {
        for (JsonNode bpt : server.get("/accounts/" + shop.accountId() + "/bpts", shop.apiKey()).json()) {
            if (bpt.get("id").asText().equals(shop.bptId())) {
                return bpt;
            }
        }
        throw new AssertionError("no terminal " + shop.bptId());
    }

    private static void assertRefused(Response response, int status, String code, String field) {
        assertEquals(status, response.status(), response.body());
        assertEquals(code, response.text("code"), response.body());
        if (field != null) {
            assertEquals(field, response.text("field"), response.body());
        }
    }

    @Test
    void eachSettingChangesAloneAndNewInvoicesUseIt() {
        Shop shop = server.createShop(0);
        Response renamed = change(shop, "{\"name\": \"Bar\"}", shop.apiKey());
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals("Bar", renamed.text("name"));
        assertEquals(100, renamed.json().get("splitBitcoinPercentage").asInt());
        assertTrue(renamed.json().get("currency").isNull());

        assertEquals(40, change(shop, "{\"splitBitcoinPercentage\": 40}", shop.apiKey()).json().get("splitBitcoinPercentage").asInt());
        Response euros = change(shop, "{\"currency\": \"eur\"}", TestTill.ADMIN_KEY);
        assertEquals(200, euros.status(), euros.body());
        assertEquals("EUR", euros.text("currency"));
        assertEquals("Bar", euros.text("name"), "what the change leaves out stays");
        assertEquals(40, euros.json().get("splitBitcoinPercentage").asInt());
        assertEquals(euros.json(), terminal(shop), "stored as answered");

        // Read afresh by every use: the next invoice has the new split, the POS the new name and currency.
        String invoice = server.createInvoice(shop, 1000).get("id").asText();
        assertEquals(40, server.get("/transaction/" + invoice, shop.apiKey()).json().get("splitBitcoinPercentage").asInt());
        String pos = server.get("/pos/" + shop.bptId(), null).body();
        assertTrue(pos.contains("Bar") && pos.contains("EUR"), pos);

        Response sats = change(shop, "{\"currency\": null}", shop.apiKey());
        assertTrue(sats.json().get("currency").isNull(), "null: back to satoshis");
        assertEquals(200, change(shop, "{}", shop.apiKey()).status(), "an empty change changes nothing");
        assertEquals(sats.json(), terminal(shop));
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        Shop shop = server.createShop(0);
        JsonNode before = terminal(shop);
        assertRefused(change(shop, "{\"splitBitcoinPercentage\": 101}", shop.apiKey()), 400, "invalid_field", "splitBitcoinPercentage");
        assertRefused(change(shop, "{\"splitBitcoinPercentage\": \"50\"}", shop.apiKey()), 400, "invalid_field", "splitBitcoinPercentage");
        assertRefused(change(shop, "{\"name\": \"\"}", shop.apiKey()), 400, "missing_field", "name");
        assertRefused(change(shop, "{\"name\": \"" + "x".repeat(101) + "\"}", shop.apiKey()), 400, "invalid_field", "name");
        assertRefused(change(shop, "{\"name\": \"a\\u202Eb\"}", shop.apiKey()), 400, "invalid_field", "name");
        assertRefused(change(shop, "{\"name\": \"New\", \"currency\": \"SEK\"}", shop.apiKey()), 400, "unsupported_currency", "currency");
        assertRefused(change(shop, "{\"name\": \"New\", \"currency\": \"XYZ\"}", shop.apiKey()), 400, "unsupported_currency", "currency");
        assertRefused(change(shop, "[1]", shop.apiKey()), 400, "invalid_json", null);
        assertEquals(before, terminal(shop), "a refused change changes nothing, not even its valid fields");
    }

    @Test
    void anotherAccountsTerminalIsMissingAndAReceiveKeyMayNotChangeOne() {
        Shop shop = server.createShop(0);
        Shop other = server.createShop(0);
        JsonNode before = terminal(other);
        assertRefused(server.patch("/accounts/" + shop.accountId() + "/bpts/" + other.bptId(), "{\"name\": \"Mine\"}",
                shop.apiKey()), 404, "bpt_not_found", null);
        assertRefused(server.patch("/accounts/" + shop.accountId() + "/bpts/no-such-terminal", "{\"name\": \"Mine\"}",
                shop.apiKey()), 404, "bpt_not_found", null);
        assertRefused(change(other, "{\"name\": \"Mine\"}", shop.apiKey()), 403, "forbidden", null);
        assertRefused(server.patch("/accounts/no-such-account/bpts/" + other.bptId(), "{\"name\": \"Mine\"}",
                TestTill.ADMIN_KEY), 404, "account_not_found", null);
        assertRefused(change(other, "{\"name\": \"Mine\"}", null), 401, "unauthorized", null);

        Response receive = server.post("/accounts/" + shop.accountId() + "/keys", "{\"kind\": \"receive\"}", shop.apiKey());
        assertRefused(change(shop, "{\"name\": \"Mine\"}", receive.text("apiKey")), 403, "key_not_allowed", null);
        assertEquals(before, terminal(other));
        assertEquals("Counter", terminal(shop).get("name").asText());
    }
}
