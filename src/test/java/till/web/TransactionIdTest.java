package till.web;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.WebhookReceiver.Answer;
import till.WsClient;
import till.store.Database;

/**
 * IBEXPay's transaction id is a JSON number (its webhook example: {@code "id": 6125}); typed clients fail on a string.
 * The same integer in every answer, WebSocket message and webhook body, and the {@code /transaction/{id}} routes take it.
 */
class TransactionIdTest {
    static TestTill server;
    static Shop shop;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"));
        shop = server.createShop(5000);
    }

    @AfterAll
    static void stop() {
        server.close();
    }


    @Test
    void restAnswersAndTheWebhookCarryOneIntegerIdThatTheTransactionRoutesTake() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            Response created = server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 3000,"
                    + " \"webhookUrl\": \"" + receiver.url("/hook") + "\"}", null);
            assertEquals(201, created.status(), created.body());
            long id = TillClient.transactionId(created.json());
            String hash = created.text("invoiceHash");

            assertEquals(id, TillClient.transactionId(server.pay(hash).json()));
            JsonNode read = server.get("/transaction/" + id, shop.apiKey()).json();
            assertEquals(id, TillClient.transactionId(read));
            assertEquals(hash, read.get("invoiceHash").asText());
            assertEquals(id, TillClient.transactionId(server.get("/invoice/from-hash/" + hash, shop.apiKey()).json()));
            assertEquals(id, TillClient.transactionId(server.get("/invoice/from-bolt11/" + created.text("bolt11"), shop.apiKey()).json()));
            JsonNode listed = server.get("/transactions?limit=500", shop.apiKey()).json().get("data");
            assertTrue(listed.size() > 0);
            listed.forEach(TillClient::transactionId);

            JsonNode hook = TillClient.JSON.readTree(receiver.next(Duration.ofSeconds(10)).body()).get("transaction");
            assertEquals(id, TillClient.transactionId(hook));
            assertEquals(hash, hook.get("invoiceHash").asText());

            assertEquals(1, server.get("/transaction/" + id + "/webhooks", shop.apiKey()).json().get("data").size());
            assertEquals(202, server.post("/transaction/" + id + "/webhooks/redeliver", "", shop.apiKey()).status());
            assertEquals(id, TillClient.transactionId(TillClient.JSON.readTree(receiver.next(Duration.ofSeconds(10)).body()).get("transaction")));
        }
    }

    @Test
    void theWebSocketSendsTheSameIntegerInBothMessages() throws Exception {
        String url = server.url.replace("http://", "ws://") + "/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=2000";
        try (WsClient client = new WsClient(url)) {
            JsonNode invoice = client.next(Duration.ofSeconds(5));
            long id = TillClient.transactionId(invoice);
            server.pay(invoice.get("invoiceHash").asText());
            JsonNode transaction = client.next(Duration.ofSeconds(10));
            assertEquals("paid", transaction.get("status").asText());
            assertEquals(id, TillClient.transactionId(transaction));
        }
    }

    @Test
    void idsAreUniqueAndTerminalsOfOtherAccountsDoNotShareThem() {
        Shop other = server.createShop(0);
        long first = TillClient.transactionId(server.createInvoice(shop, 1000));
        long second = TillClient.transactionId(server.createInvoice(other, 1000));
        long third = TillClient.transactionId(server.createInvoice(shop, 1000));
        assertNotEquals(first, second);
        assertNotEquals(second, third);
        assertNotEquals(first, third);
        assertEquals(404, server.get("/transaction/" + second, shop.apiKey()).status(), "another account's looks missing");
    }

    @Test
    void theAdminsUnmatchedPaymentsNameTheirTransactionByTheIntegerId() {
        JsonNode invoice = server.createInvoice(shop, 7000);
        String hash = invoice.get("invoiceHash").asText();
        try (Database database = TestDatabase.open(server.dataDir)) {
            // Paid without the node being told, as an internal payment of an older Till left it: the node's payment
            // that follows is an unmatched one.
            database.jdbi().useHandle(h -> h.createUpdate("UPDATE transactions SET status = 'paid', settled_at = 1, "
                    + "amount_received_msat = 7000, received_msat = 7000, fee_process_msat = 0 WHERE invoice_hash = :hash")
                    .bind("hash", hash).execute());
        }
        assertEquals(200, server.pay(hash).status());
        Await.until("listed", Duration.ofSeconds(10), () -> unmatched(hash) != null);
        long id = TillClient.transactionId(invoice);
        JsonNode transactionId = unmatched(hash).get("transactionId");
        assertTrue(transactionId.isIntegralNumber(), "an integer: " + transactionId);
        assertEquals(id, transactionId.asLong());
        assertEquals(hash, server.get("/transaction/" + transactionId.asLong(), TestTill.ADMIN_KEY).text("invoiceHash"));
    }

    private static JsonNode unmatched(String hash) {
        for (JsonNode each : server.get("/admin/unmatched-payments", TestTill.ADMIN_KEY).json()) {
            if (each.get("invoiceHash").asText().equals(hash)) {
                return each;
            }
        }
        return null;
    }

    @Test
    void anIdThatIsNotAPositiveIntegerIsNotFoundAndSaysWhatAnIdIs() {
        long known = TillClient.transactionId(server.createInvoice(shop, 1000));
        for (String id : List.of("01a20c89-19cd-73d0-a07a-dcf5e01528cb", "0", "-" + known, "+" + known, "0" + known,
                known + ".0", "1e3", "9223372036854775808", "99999999999999999999999", "%20" + known)) {
            for (Response answer : List.of(server.get("/transaction/" + id, TestTill.ADMIN_KEY),
                    server.get("/transaction/" + id + "/webhooks", TestTill.ADMIN_KEY),
                    server.post("/transaction/" + id + "/webhooks/redeliver", "", TestTill.ADMIN_KEY))) {
                assertEquals(404, answer.status(), id + ": " + answer.body());
                assertEquals("not_found", answer.text("code"), id);
                assertTrue(answer.text("error").contains("integer"), id + ": " + answer.body());
            }
        }
        assertEquals(404, server.get("/transaction/" + Long.MAX_VALUE, TestTill.ADMIN_KEY).status());
    }
}
