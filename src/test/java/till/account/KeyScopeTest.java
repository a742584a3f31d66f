package till.account;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static till.OpenNodeCallbacks.hashedOrder;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.MovableClock;
import till.TestInvoices;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.bolt11.Bolt11;
import till.store.Database;

/** Receive keys and full keys: what each may do, and how a full key or the admin creates, lists and revokes them. */
class KeyScopeTest {
    static final MovableClock clock = new MovableClock();
    static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true",
                "TILL_WEBHOOK_RETRY_SCHEDULE", "200ms"), clock);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response createKey(Shop shop, String body, String by) {
        return server.post("/accounts/" + shop.accountId() + "/keys", body, by);
    }

    /** A new key of the shop, made with its full key; the answer's JSON. */
    private static JsonNode newKey(Shop shop, String kind) {
        Response made = createKey(shop, "{\"kind\": \"" + kind + "\"}", shop.apiKey());
        assertEquals(201, made.status(), made.body());
        return made.json();
    }

    private static JsonNode keys(Shop shop) {
        Response listed = server.get("/accounts/" + shop.accountId() + "/keys", TestTill.ADMIN_KEY);
        assertEquals(200, listed.status(), listed.body());
        return listed.json();
    }

    private static JsonNode listedKey(Shop shop, String keyId) {
        for (JsonNode key : keys(shop)) {
            if (key.get("id").asText().equals(keyId)) {
                return key;
            }
        }
        throw new AssertionError("key " + keyId + " is not listed");
    }

    private static void assertRefused(int status, String code, Response response) {
        assertEquals(status, response.status(), response.body());
        assertEquals(code, response.text("code"), response.body());
    }

    @Test
    void aReceiveKeyCreatesAndReadsChargesAndReadsItsOwnTransactions() throws Exception {
        Shop shop = server.createShop(0);
        String receive = newKey(shop, "receive").get("apiKey").asText();
        try (WebhookReceiver receiver = new WebhookReceiver(r -> WebhookReceiver.Answer.of(200))) {
            Response created = server.post("/v1/charges", "{\"amount\": 1000, \"order_id\": \"7\", \"callback_url\": \""
                    + receiver.url("/opennode") + "\"}", receive);
            assertEquals(201, created.status(), created.body());
            String chargeId = created.json().get("data").get("id").asText();
            assertEquals(200, server.get("/v1/charge/" + chargeId, receive).status());

            String hash = Bolt11.decode(created.json().get("data").get("lightning_invoice").get("payreq").asText()).paymentHash();
            assertEquals(200, server.pay(hash).status());
            assertEquals(chargeId, server.get("/v1/charges", receive).json().get("data").get(0).get("id").asText());
            String callback = receiver.next(Duration.ofSeconds(10)).body();
            assertTrue(callback.contains("hashed_order=" + hashedOrder(receive, chargeId)),
                    "hashed_order is keyed with the receive key that created the charge: " + URLDecoder.decode(callback, StandardCharsets.UTF_8));
        }

        JsonNode invoice = server.createInvoice(shop, 2000);
        String id = invoice.get("id").asText();
        server.pay(invoice.get("invoiceHash").asText());
        assertEquals("paid", server.get("/transaction/" + id, receive).text("status"));
        assertEquals(200, server.get("/transaction/" + id + "/webhooks", receive).status());
        assertEquals(id, server.get("/invoice/from-hash/" + invoice.get("invoiceHash").asText(), receive).text("id"));
        assertEquals(id, server.get("/invoice/from-bolt11/" + invoice.get("bolt11").asText(), receive).text("id"));
        JsonNode page = server.get("/transactions", receive).json().get("data");
        assertEquals(2, page.size(), "the charge's invoice and the terminal's: " + page);
        page.forEach(t -> assertEquals(shop.accountId(), t.get("accountId").asText()));
    }

    @Test
    void aReceiveKeyCanNeitherPayNorChangeTheAccountNorManageKeys() {
        Shop shop = server.createShop(0);
        server.fund(shop, 50_000);
        String receive = newKey(shop, "receive").get("apiKey").asText();
        String fullKeyId = keys(shop).get(0).get("id").asText();
        JsonNode invoice = server.createInvoice(shop, 1000);
        long balance = server.balance(shop);
        String external = TestInvoices.external(1000L);
        String account = "/accounts/" + shop.accountId();

        List<Response> refused = List.of(
                server.post("/invoice/pay", "{\"accountId\": \"" + shop.accountId() + "\", \"bolt11\": \"" + external + "\"}", receive),
                server.post(account + "/bpts", "{\"name\": \"Back room\"}", receive),
                server.get(account + "/bpts", receive),
                server.get(account, receive),
                server.post(account + "/keys", "{\"kind\": \"full\"}", receive),
                server.post(account + "/keys", "{\"kind\": \"receive\"}", receive),
                server.get(account + "/keys", receive),
                server.delete(account + "/keys/" + fullKeyId, receive),
                server.post("/transaction/" + invoice.get("id").asText() + "/webhooks/redeliver", "", receive),
                server.post("/invoice/decode", "{\"bolt11\": \"" + external + "\"}", receive),
                server.get("/payment/" + TestInvoices.paymentHash(external), receive),
                server.post("/v2/withdrawals", "{\"type\": \"ln\", \"address\": \"" + external + "\"}", receive),
                server.get("/v1/withdrawals", receive),
                server.get("/v1/account/balance", receive),
                server.post("/accounts", "{\"name\": \"Mine now\"}", receive));
        refused.forEach(response -> assertRefused(403, "key_not_allowed", response));

        assertEquals(balance, server.balance(shop));
        assertEquals(404, server.get("/payment/" + TestInvoices.paymentHash(external), shop.apiKey()).status(), "nothing was paid");
        assertEquals(1, server.get(account + "/bpts", shop.apiKey()).json().size());
        assertEquals(2, keys(shop).size());
        assertEquals(200, server.get(account, shop.apiKey()).status(), "the full key still works");
    }

    @Test
    void aReceiveKeySeesNothingOfAnotherAccount() {
        Shop shop = server.createShop(0);
        Shop other = server.createShop(0);
        String receive = newKey(shop, "receive").get("apiKey").asText();
        JsonNode theirs = server.createInvoice(other, 1000);
        JsonNode theirChargeJson = server.post("/v1/charges", "{\"amount\": 5}", other.apiKey()).json().get("data");
        String theirCharge = theirChargeJson.get("id").asText();
        // Paid, so that the paid charges listed below would show it if the key could see it.
        server.pay(Bolt11.decode(theirChargeJson.get("lightning_invoice").get("payreq").asText()).paymentHash());

        assertRefused(404, "not_found", server.get("/transaction/" + theirs.get("id").asText(), receive));
        assertRefused(404, "not_found", server.get("/transaction/" + theirs.get("id").asText() + "/webhooks", receive));
        assertRefused(404, "not_found", server.get("/invoice/from-hash/" + theirs.get("invoiceHash").asText(), receive));
        assertRefused(404, "not_found", server.get("/v1/charge/" + theirCharge, receive));
        assertEquals(0, server.get("/v1/charges", receive).json().get("data").size());
        assertEquals(0, server.get("/transactions", receive).json().get("data").size());
        assertRefused(403, "key_not_allowed", server.get("/accounts/" + other.accountId() + "/keys", receive));
    }

    @Test
    void theFullKeyCreatesListsAndRevokesKeysAndARevokedKeyIsRefusedAtOnce() {
        Shop shop = server.createShop(0);
        Response made = createKey(shop, "{\"kind\": \"receive\", \"label\": \"WooCommerce\"}", shop.apiKey());
        assertEquals(201, made.status(), made.body());
        assertEquals(Set.of("id", "kind", "label", "createdAtUtc", "apiKey"), fieldNames(made.json()));
        assertEquals("receive", made.text("kind"));
        assertEquals("WooCommerce", made.text("label"));
        String key = made.text("apiKey");
        assertNotEquals(shop.apiKey(), key);

        Response listed = server.get("/accounts/" + shop.accountId() + "/keys", shop.apiKey());
        assertEquals(200, listed.status(), listed.body());
        assertEquals(2, listed.json().size());
        Set<String> kinds = new HashSet<>();
        for (JsonNode each : listed.json()) {
            assertEquals(Set.of("id", "kind", "label", "createdAtUtc", "lastUsedAtUtc"), fieldNames(each));
            kinds.add(each.get("kind").asText());
        }
        assertEquals(Set.of("full", "receive"), kinds, "the key made with the account is a full key");
        assertFalse(listed.body().contains(key) || listed.body().contains(shop.apiKey()), "no key is ever listed");

        assertEquals(200, server.get("/transactions", key).status());
        assertEquals(204, server.delete("/accounts/" + shop.accountId() + "/keys/" + made.text("id"), shop.apiKey()).status());
        assertRefused(401, "unauthorized", server.get("/transactions", key));
        assertEquals(1, keys(shop).size());
        assertRefused(404, "key_not_found", server.delete("/accounts/" + shop.accountId() + "/keys/" + made.text("id"), shop.apiKey()));
    }

    @Test
    void theLastFullKeyStaysUnlessTheAdminRevokesIt() {
        Shop shop = server.createShop(0);
        String account = "/accounts/" + shop.accountId();
        String firstId = keys(shop).get(0).get("id").asText();
        newKey(shop, "receive");
        assertRefused(409, "last_full_key", server.delete(account + "/keys/" + firstId, shop.apiKey()));
        assertEquals(200, server.get(account, shop.apiKey()).status());

        JsonNode second = newKey(shop, "full");
        String secondKey = second.get("apiKey").asText();
        assertEquals(204, server.delete(account + "/keys/" + firstId, secondKey).status(), "a full key may revoke another");
        assertRefused(401, "unauthorized", server.get(account, shop.apiKey()));
        assertRefused(409, "last_full_key", server.delete(account + "/keys/" + second.get("id").asText(), secondKey));

        assertEquals(204, server.delete(account + "/keys/" + second.get("id").asText(), TestTill.ADMIN_KEY).status());
        assertRefused(401, "unauthorized", server.get(account, secondKey));
        Response fresh = createKey(shop, "{\"kind\": \"full\", \"label\": \"after a leak\"}", TestTill.ADMIN_KEY);
        assertEquals(201, fresh.status(), fresh.body());
        assertEquals(200, server.get(account, fresh.text("apiKey")).status());
    }

    @Test
    void twoFullKeysRevokingEachOtherAtOnceLeaveOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                Shop shop = server.createShop(0);
                String first = keys(shop).get(0).get("id").asText();
                JsonNode second = newKey(shop, "full");
                String path = "/accounts/" + shop.accountId() + "/keys/";
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Response> one = pool.submit(() -> {
                    start.await();
                    return server.delete(path + second.get("id").asText(), shop.apiKey());
                });
                Future<Response> other = pool.submit(() -> {
                    start.await();
                    return server.delete(path + first, second.get("apiKey").asText());
                });
                one.get();
                other.get();
                assertEquals(1, keys(shop).size(), "round " + round + ": exactly one full key is left");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theAdminManagesAnyAccountsKeysAndOtherAccountsCannot() {
        Shop shop = server.createShop(0);
        Shop other = server.createShop(0);
        String account = "/accounts/" + shop.accountId();
        Response made = createKey(shop, "{\"kind\": \"receive\"}", TestTill.ADMIN_KEY);
        assertEquals(201, made.status(), made.body());
        assertTrue(made.json().get("label").isNull());
        assertEquals("receive", listedKey(shop, made.text("id")).get("kind").asText());

        assertRefused(403, "forbidden", createKey(shop, "{\"kind\": \"full\"}", other.apiKey()));
        assertRefused(403, "forbidden", server.get(account + "/keys", other.apiKey()));
        assertRefused(403, "forbidden", server.delete(account + "/keys/" + made.text("id"), other.apiKey()));
        assertRefused(404, "key_not_found", server.delete("/accounts/" + other.accountId() + "/keys/" + made.text("id"), other.apiKey()));
        assertEquals(200, server.get("/transactions", made.text("apiKey")).status(), "still valid");

        assertRefused(404, "account_not_found", server.post("/accounts/no-such-account/keys", "{\"kind\": \"full\"}", TestTill.ADMIN_KEY));
        assertRefused(404, "account_not_found", server.get("/accounts/no-such-account/keys", TestTill.ADMIN_KEY));
        for (String bad : List.of("{\"kind\": \"spend\"}", "{}", "{\"kind\": 1}", "{\"kind\": \"full\", \"label\": \"" + "x".repeat(101) + "\"}")) {
            Response refused = createKey(shop, bad, shop.apiKey());
            assertEquals(400, refused.status(), bad + ": " + refused.body());
            assertEquals(bad.contains("label") ? "label" : "kind", refused.text("field"), bad);
        }
        assertEquals(2, keys(shop).size(), "bad requests made no key");
    }

    @Test
    void aLabelOfAHundredEmojiIsKeptWholeOrRefusedButNeverBreaksTheRequest() {
        Shop shop = server.createShop(0);
        String label = "🧾".repeat(100);
        Response made = createKey(shop, "{\"kind\": \"receive\", \"label\": \"" + label + "\"}", shop.apiKey());
        if (made.status() == 201) {
            assertEquals(label, listedKey(shop, made.text("id")).get("label").asText());
        } else {
            assertRefused(400, "invalid_field", made);
            assertEquals(1, keys(shop).size());
        }
    }

    @Test
    void keysAreStoredOnlyAsTheirSha256() {
        Shop shop = server.createShop(0);
        JsonNode made = newKey(shop, "receive");
        String key = made.get("apiKey").asText();
        List<Map<String, Object>> rows;
        try (Database database = TestDatabase.open(server.dataDir)) {
            rows = database.jdbi().withHandle(h -> h.createQuery("SELECT * FROM api_key").mapToMap().list());
        }
        List<String> values = new ArrayList<>();
        rows.forEach(row -> row.values().forEach(v -> values.add(String.valueOf(v))));
        assertTrue(values.contains(Secrets.hash(key)), "the receive key's hash");
        assertTrue(values.contains(Secrets.hash(shop.apiKey())), "the first key's hash");
        values.forEach(v -> assertFalse(v.contains(key) || v.contains(shop.apiKey()), "a key in clear: " + v));
    }

    @Test
    void lastUsedIsNotedAtMostOncePerMinute() {
        Shop shop = server.createShop(0);
        JsonNode made = newKey(shop, "receive");
        String id = made.get("id").asText();
        String key = made.get("apiKey").asText();
        assertTrue(listedKey(shop, id).get("lastUsedAtUtc").isNull(), "never used");

        assertEquals(200, server.get("/transactions", key).status());
        String first = listedKey(shop, id).get("lastUsedAtUtc").asText();
        Instant used = Instant.parse(first);
        assertTrue(Duration.between(used, clock.instant()).abs().compareTo(Duration.ofSeconds(10)) < 0, first);
        assertEquals(200, server.get("/transactions", key).status());
        assertEquals(first, listedKey(shop, id).get("lastUsedAtUtc").asText(), "within the minute: no new write");

        clock.advance(Duration.ofSeconds(61));
        assertEquals(200, server.get("/transactions", key).status());
        assertTrue(Instant.parse(listedKey(shop, id).get("lastUsedAtUtc").asText()).isAfter(used.plusSeconds(60)));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
