package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static till.OpenNodeCallbacks.form;
import static till.OpenNodeCallbacks.hashedOrder;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestInvoices;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.node.sim.SimPayRule;

/**
 * OpenNode's account and withdrawal routes over real HTTP: a withdrawal is an outgoing payment of the key's account,
 * with the payment's guarantees, shown in OpenNode's shape; errors carry OpenNode's {@code success} and
 * {@code message}.
 */
class OpenNodeWithdrawalTest {
    private static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Shop fundedShop(long amountMsat) {
        Shop shop = server.createShop(0);
        server.fund(shop, amountMsat);
        return shop;
    }

    private static Response withdraw(Shop shop, String body) {
        return server.post("/v2/withdrawals", body, shop.apiKey());
    }

    private static String ln(String bolt11) {
        return "{\"type\": \"ln\", \"address\": \"" + bolt11 + "\"}";
    }

    @Test
    void aWithdrawalPaysTheBolt11FromTheBalanceAndReadsBackInOpenNodesShape() {
        Shop shop = fundedShop(100_000);
        assertEquals(100, server.get("/v1/account/balance", shop.apiKey()).json().path("data").path("balance")
                .path("BTC").asLong());
        String bolt11 = TestInvoices.external(10_000L);
        Response created = withdraw(shop, ln(bolt11));
        assertEquals(201, created.status(), created.body());
        JsonNode w = created.json().path("data");
        assertEquals("ln", w.path("type").asText());
        assertEquals(10, w.path("amount").asLong());
        assertEquals("confirmed", w.path("status").asText());
        assertEquals(1, w.path("fee").asLong(), "11 msat of routing fee, shown rounded up");
        assertEquals(bolt11, w.path("reference").asText());
        assertTrue(w.path("processed_at").asLong() >= w.path("created_at").asLong(), w.toString());
        assertTrue(w.path("error").isNull());
        assertEquals(100_000 - 10_000 - 11, server.balance(shop), "amount plus the actual fee, the rest released");
        assertEquals(89, server.get("/v1/account/balance", shop.apiKey()).json().path("data").path("balance")
                .path("BTC").asLong(), "89.989 sat, rounded down");

        String id = w.path("id").asText();
        assertEquals(w, server.get("/v1/withdrawal/" + id, shop.apiKey()).json().path("data"));
        assertEquals(id, server.get("/payment/" + TestInvoices.paymentHash(bolt11), shop.apiKey()).text("id"),
                "the withdrawal is the payment: one id");
        JsonNode listed = server.get("/v1/withdrawals", shop.apiKey()).json().path("data");
        assertEquals(1, listed.size());
        assertEquals(w, listed.get(0));
        server.assertLedgerMatches(shop);
    }

    @Test
    void theSameBolt11OrIdempotencyKeyAnswersTheFirstWithdrawalAndPaysOnce() {
        Shop shop = fundedShop(100_000);
        String bolt11 = TestInvoices.external(5_000L);
        String first = withdraw(shop, ln(bolt11)).json().path("data").path("id").asText();
        Response again = withdraw(shop, ln(bolt11));
        assertEquals(201, again.status(), again.body());
        assertEquals(first, again.json().path("data").path("id").asText());

        String other = ln(TestInvoices.external(6_000L));
        Response keyed = TillClient.send(HttpRequest.newBuilder(URI.create(server.url + "/v2/withdrawals"))
                .header("Idempotency-Key", "payout-7").POST(HttpRequest.BodyPublishers.ofString(other)), shop.apiKey());
        Response replayed = TillClient.send(HttpRequest.newBuilder(URI.create(server.url + "/v2/withdrawals"))
                .header("Idempotency-Key", "payout-7").POST(HttpRequest.BodyPublishers.ofString(other)), shop.apiKey());
        assertEquals(201, keyed.status(), keyed.body());
        assertEquals(keyed.body(), replayed.body(), "the first answer, byte for byte");
        assertEquals(2, server.get("/v1/withdrawals", shop.apiKey()).json().path("data").size());
        server.assertLedgerMatches(shop);
    }

    @Test
    void aFailedPaymentIsAFailedWithdrawalWithItsErrorAndCostsNothing() {
        Shop shop = fundedShop(50_000);
        server.till.simNode().payBehaviour(new SimPayRule(20_011L, null, 205, 0));
        Response failed = withdraw(shop, ln(TestInvoices.external(20_011L)));
        assertEquals(201, failed.status(), failed.body());
        JsonNode w = failed.json().path("data");
        assertEquals("failed", w.path("status").asText());
        assertTrue(w.path("error").asText().contains("no route"), w.toString());
        assertEquals(0, w.path("fee").asLong());
        assertEquals(50_000, server.balance(shop));
    }

    @Test
    void aWithdrawalWithACallbackUrlPostsItsEndSignedWithTheKey() throws Exception {
        Shop shop = fundedShop(100_000);
        try (WebhookReceiver receiver = new WebhookReceiver(r -> WebhookReceiver.Answer.of(200))) {
            String bolt11 = TestInvoices.external(4_000L);
            JsonNode w = withdraw(shop, "{\"type\": \"ln\", \"address\": \"" + bolt11 + "\", \"callback_url\": \""
                    + receiver.url("/payouts") + "\"}").json().path("data");
            WebhookReceiver.Received callback = receiver.next(Duration.ofSeconds(10));
            assertEquals("/payouts", callback.path());
            assertEquals("application/x-www-form-urlencoded", callback.header("Content-Type").replaceAll(";.*", ""));
            Map<String, String> form = form(callback.body());
            assertEquals(w.path("id").asText(), form.get("id"));
            assertEquals("ln", form.get("type"));
            assertEquals("confirmed", form.get("status"));
            assertEquals("4", form.get("amount"));
            assertEquals(Long.toString(w.path("fee").asLong()), form.get("fee"));
            assertEquals(bolt11, form.get("reference"));
            assertEquals(TestInvoices.PAYEE.getPublicKeyAsHex(), form.get("address"), "the payee's node, as OpenNode sends");
            assertEquals(w.path("processed_at").asText(), form.get("processed_at"));
            assertEquals(hashedOrder(shop.apiKey(), form.get("id")), form.get("hashed_order"), "OpenNode's signature, keyed with the key");
            assertFalse(form.containsKey("error"));

            server.till.simNode().payBehaviour(new SimPayRule(4_001L, null, 205, 0));
            withdraw(shop, "{\"type\": \"ln\", \"address\": \"" + TestInvoices.external(4_001L) + "\", \"callback_url\": \""
                    + receiver.url("/payouts") + "\"}");
            Map<String, String> failed = form(receiver.next(Duration.ofSeconds(10)).body());
            assertEquals("failed", failed.get("status"));
            assertTrue(failed.get("error").contains("no route"), failed.toString());
            assertEquals("0", failed.get("fee"));

            String ours = server.createInvoice(server.createShop(0), 3_000).get("bolt11").asText();
            withdraw(shop, "{\"type\": \"ln\", \"address\": \"" + ours + "\", \"callback_url\": \""
                    + receiver.url("/payouts") + "\"}");
            Map<String, String> internal = form(receiver.next(Duration.ofSeconds(10)).body());
            assertEquals("confirmed", internal.get("status"), "a bolt11 of this Till, settled between accounts: " + internal);
            assertEquals("0", internal.get("fee"));

            assertEquals(201, withdraw(shop, ln(bolt11)).status(), "the same bolt11 again: its first withdrawal");
            withdraw(shop, ln(TestInvoices.external(4_002L)));
            assertEquals(null, receiver.received.poll(1, TimeUnit.SECONDS), "no callback without a callback_url, none twice");
        }
    }

    @Test
    void anAmountlessBolt11TakesOpenNodesAmountInSatoshis() {
        Shop shop = fundedShop(100_000);
        String bolt11 = TestInvoices.external(null);
        Response missing = withdraw(shop, ln(bolt11));
        assertEquals(400, missing.status(), missing.body());
        assertEquals("amount_required", missing.text("code"));
        assertEquals("amount", missing.text("field"));
        Response paid = withdraw(shop, "{\"type\": \"ln\", \"address\": \"" + bolt11 + "\", \"amount\": \"7\"}");
        assertEquals(201, paid.status(), paid.body());
        assertEquals(7, paid.json().path("data").path("amount").asLong());
        assertEquals("confirmed", paid.json().path("data").path("status").asText());
        Response payreq = withdraw(shop, "{\"type\": \"ln\", \"payreq\": \"" + TestInvoices.external(1_000L) + "\"}");
        assertEquals(201, payreq.status(), "the npm client's name for the bolt11: " + payreq.body());
    }

    @Test
    void badRequestsChangeNothingAndAnswerInOpenNodesShape() {
        Shop shop = fundedShop(20_000);
        String bolt11 = TestInvoices.external(1_000L);
        assertRefused(withdraw(shop, "{\"type\": \"chain\", \"address\": \"" + bolt11 + "\"}"), 400, "invalid_field", "type");
        assertRefused(withdraw(shop, "{\"address\": \"" + bolt11 + "\"}"), 400, "missing_field", "type");
        assertRefused(withdraw(shop, "{\"type\": \"ln\"}"), 400, "missing_field", "address");
        assertRefused(withdraw(shop, ln("lnbcrt1garbage")), 400, "bolt11_invalid", "bolt11");
        assertRefused(withdraw(shop, ln(TestInvoices.tampered(bolt11))), 400, "bolt11_invalid", "bolt11");
        assertRefused(withdraw(shop, "{\"type\": \"ln\", \"address\": \"" + bolt11
                + "\", \"callback_url\": \"shop.example/payouts\"}"), 400, "invalid_field", "callback_url");
        assertRefused(withdraw(shop, ln(TestInvoices.external(30_000_000L))), 422, "insufficient_balance", null);

        String receiveKey = server.post("/accounts/" + shop.accountId() + "/keys", "{\"kind\": \"receive\"}",
                shop.apiKey()).text("apiKey");
        assertRefused(server.post("/v2/withdrawals", ln(bolt11), receiveKey), 403, "key_not_allowed", null);
        assertRefused(server.get("/v1/account/balance", receiveKey), 403, "key_not_allowed", null);
        assertRefused(server.get("/v1/withdrawals", receiveKey), 403, "key_not_allowed", null);
        assertRefused(server.post("/v2/withdrawals", ln(bolt11), TestTill.ADMIN_KEY), 403, "forbidden", null);
        assertRefused(server.post("/v2/withdrawals", ln(bolt11), null), 401, "unauthorized", null);
        assertEquals(0, server.get("/v1/withdrawals", shop.apiKey()).json().path("data").size());
        assertEquals(20_000, server.balance(shop));
    }

    @Test
    void anAccountSeesOnlyItsOwnWithdrawals() {
        Shop payer = fundedShop(20_000);
        Shop other = server.createShop(0);
        String id = withdraw(payer, ln(TestInvoices.external(1_000L))).json().path("data").path("id").asText();
        assertRefused(server.get("/v1/withdrawal/" + id, other.apiKey()), 404, "payment_not_found", null);
        assertEquals(0, server.get("/v1/withdrawals", other.apiKey()).json().path("data").size());
        assertEquals(200, server.get("/v1/withdrawal/" + id, TestTill.ADMIN_KEY).status(), "the admin reads any");
        assertRefused(server.get("/v1/withdrawal/no-such-withdrawal", payer.apiKey()), 404, "payment_not_found", null);
    }

    @Test
    void authTestSaysWhatAValidKeyMayDo() {
        Shop shop = server.createShop(0);
        String receiveKey = server.post("/accounts/" + shop.accountId() + "/keys", "{\"kind\": \"receive\"}",
                shop.apiKey()).text("apiKey");
        assertEquals("full", server.get("/v1/auth/test", shop.apiKey()).json().path("data").path("kind").asText());
        assertEquals("receive", server.get("/v1/auth/test", receiveKey).json().path("data").path("kind").asText());
        assertRefused(server.get("/v1/auth/test", "till_acct_unknown"), 401, "unauthorized", null);
    }

    private static void assertRefused(Response answer, int status, String code, String field) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(code, answer.text("code"), answer.body());
        assertFalse(answer.json().path("success").asBoolean(true), "OpenNode's success: false " + answer.body());
        assertEquals(answer.text("error"), answer.text("message"), "OpenNode's message " + answer.body());
        if (field != null) {
            assertEquals(field, answer.text("field"), answer.body());
        }
    }
}
