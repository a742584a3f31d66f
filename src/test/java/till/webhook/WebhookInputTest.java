package till.webhook;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.WebhookReceiver.Answer;
import till.WsClient;
import till.store.Database;

/**
 * Webhook URLs and secrets are checked when they are given, exactly as deliveries will use them, and whatever still
 * goes wrong inside an attempt is recorded as a failed attempt (so the schedule and the 72-hour limit apply).
 */
class WebhookInputTest {
    /** java.net.URI reads it; OkHttp, which sends the webhooks, does not. */
    private static final String SCOPED_URL = "http://[::ffff:127.0.0.1%25lo]:18499/";
    static TestTill server;
    static Shop shop;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true",
                "TILL_WEBHOOK_RETRY_SCHEDULE", "200ms"));
        shop = server.createShop(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Response invoice(String webhookUrl, String secret) {
        return server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 1000, \"webhookUrl\": \""
                + webhookUrl + "\"" + (secret == null ? "" : ", \"webhookSecret\": \"" + secret + "\"") + "}", null);
    }

    private static void assertRefused(Response refused, String code, String field) {
        assertEquals(400, refused.status(), refused.body());
        assertEquals(code, refused.text("code"), refused.body());
        assertEquals(field, refused.text("field"), refused.body());
    }

    @Test
    void secretsAndUrlsDeliveryCannotUseAreRefusedWherePeopleGiveThem() throws Exception {
        int before = server.get("/transactions", shop.apiKey()).json().get("data").size();
        assertRefused(invoice("http://127.0.0.1:9/hook", "whsec_"), "invalid_field", "webhookSecret");
        for (String url : new String[] {SCOPED_URL, "http://1.2.3.4.5/hook", "http://2130706433/hook", "http://127.1/hook"}) {
            assertRefused(invoice(url, null), "invalid_field", "webhookUrl");
        }
        assertRefused(server.post("/v1/charges", "{\"amount\": 100, \"callback_url\": \"" + SCOPED_URL + "\"}", shop.apiKey()),
                "invalid_field", "callback_url");
        try (WsClient socket = new WsClient(server.url.replace("http", "ws") + "/invoice/add?bpt_id=" + shop.bptId()
                + "&amount_msat=1000&webhook_url=" + URLEncoder.encode("http://127.0.0.1:9/hook", StandardCharsets.UTF_8)
                + "&webhook_secret=whsec_")) {
            JsonNode error = socket.next(Duration.ofSeconds(10));
            assertEquals("invalid_field", error.get("code").asText(), error.toString());
            assertTrue(error.get("error").asText().contains("webhookSecret"), error.toString());
        }
        assertEquals(before, server.get("/transactions", shop.apiKey()).json().get("data").size(), "nothing was created");
        // Still fine: an empty secret (unsigned webhooks) and any secret with a key.
        assertEquals(201, invoice("http://127.0.0.1:9/hook", "").status());
        assertEquals(201, invoice("http://127.0.0.1:9/hook", "whsec_not base64").status());
    }

    @Test
    void anUpperCaseSchemeIsAcceptedAndDelivered() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            Response created = invoice(receiver.url("/upper").replace("http://", "HTTP://"), "k");
            assertEquals(201, created.status(), created.body());
            server.pay(created.text("invoiceHash"));
            assertEquals("/upper", receiver.next(Duration.ofSeconds(10)).path());
        }
        Response charge = server.post("/v1/charges", "{\"amount\": 100, \"callback_url\": \"HTTPS://127.0.0.1:9/cb\", "
                + "\"success_url\": \"Https://127.0.0.1:9/thanks\"}", shop.apiKey());
        assertEquals(201, charge.status(), charge.body());
    }

    /** Rows written before these checks existed, or by an older Till, must still end in the log, not loop silently. */
    @Test
    void anAttemptThatCannotBeMadeIsRecordedAsAFailedAttempt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            JsonNode invoice = server.createInvoice(shop, 1000);
            String transactionId = invoice.get("id").asText();
            Instant now = Instant.now();
            try (Database database = TestDatabase.open(server.dataDir)) {
                // Outbox rows reference the transaction's internal key, not the public id of the JSON.
                String key = database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM transactions WHERE "
                        + "invoice_hash = :hash").bind("hash", invoice.get("invoiceHash").asText()).mapTo(String.class).one());
                database.jdbi().useExtension(WebhookDao.class, dao -> dao.insert(List.of(
                        stored("bad-url", key, SCOPED_URL, null, now),
                        stored("bad-secret", key, receiver.url("/signed"), "whsec_", now))));
            }
            Await.until("both attempts recorded", Duration.ofSeconds(15), () -> {
                JsonNode log = server.get("/transaction/" + transactionId + "/webhooks", shop.apiKey()).json().get("data");
                return log.size() == 2 && log.get(0).get("attempts").asInt() >= 1 && log.get(1).get("attempts").asInt() >= 1;
            });
            for (JsonNode delivery : server.get("/transaction/" + transactionId + "/webhooks", shop.apiKey()).json().get("data")) {
                JsonNode attempt = delivery.get("attemptLog").get(0);
                assertTrue(attempt.get("statusCode").isNull() && !attempt.get("error").asText().isEmpty(), delivery.toString());
                assertTrue(attempt.hasNonNull("nextAttemptAtUtc"), "on the retry schedule: " + delivery);
                assertEquals("pending", delivery.get("status").asText());
            }
            assertTrue(receiver.all.isEmpty(), "an unsigned webhook was not sent in place of the signed one");
        }
    }

    private static Delivery stored(String id, String transactionId, String url, String secret, Instant now) {
        return new Delivery(id, "msg_" + id, transactionId, url, null, NewDelivery.JSON, "{}", secret, DeliveryStatus.pending, 0, now, now,
                null, null);
    }
}
