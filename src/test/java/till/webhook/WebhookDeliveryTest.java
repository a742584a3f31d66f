package till.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.WebhookReceiver.Answer;

/** JSON webhooks to a real receiver on loopback (allowed by TILL_WEBHOOK_ALLOW_PRIVATE in these tests). */
class WebhookDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static TestTill server;
    static Shop shop;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true",
                "TILL_WEBHOOK_RETRY_SCHEDULE", "200ms,400ms"));
        shop = server.createShop(5000);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private JsonNode paidInvoice(String webhookUrl, String secret) {
        String body = "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 3000, \"webhookUrl\": \"" + webhookUrl + "\""
                + (secret == null ? "" : ", \"webhookSecret\": \"" + secret + "\"") + "}";
        Response created = server.post("/invoice/add", body, null);
        assertEquals(201, created.status(), created.body());
        assertEquals("paid", server.pay(created.text("invoiceHash")).text("status"));
        return created.json();
    }

    private JsonNode log(JsonNode invoice) {
        return server.get("/transaction/" + invoice.get("id").asText() + "/webhooks", shop.apiKey()).json().get("data");
    }

    /** HMAC-SHA256 written out here, independently of Till's signer. */
    private static String expectedSignature(byte[] key, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bodyAndHeadersAreExactlyAsSpecifiedAndTheSignatureVerifies() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            JsonNode invoice = paidInvoice(receiver.url("/hook"), "s3cret");
            WebhookReceiver.Received hook = receiver.next(Duration.ofSeconds(10));

            JsonNode body = JSON.readTree(hook.body());
            assertEquals(List.of("secret", "transaction"), fieldNames(body));
            assertEquals("s3cret", body.get("secret").asText());
            JsonNode transaction = server.get("/transaction/" + invoice.get("id").asText(), shop.apiKey()).json();
            assertEquals(transaction, body.get("transaction"));
            assertTrue(body.get("transaction").get("isPaid").asBoolean());
            assertEquals("paid", body.get("transaction").get("status").asText());
            assertEquals(2985, body.get("transaction").get("receivedMsat").asLong());

            assertEquals("application/json; charset=utf-8", hook.header("Content-Type").toLowerCase());
            assertEquals("Till/0.1.0", hook.header("User-Agent"));
            assertTrue(hook.header("webhook-id").startsWith("msg_"));
            long timestamp = Long.parseLong(hook.header("webhook-timestamp"));
            assertTrue(Math.abs(System.currentTimeMillis() / 1000 - timestamp) < 60);
            assertEquals(expectedSignature("s3cret".getBytes(StandardCharsets.UTF_8), hook.header("webhook-id"),
                    hook.header("webhook-timestamp"), hook.body()), hook.header("webhook-signature"));

            Await.until("delivered in the log", Duration.ofSeconds(10), () -> log(invoice).get(0).get("status").asText().equals("delivered"));
            JsonNode entry = log(invoice).get(0);
            assertEquals(hook.header("webhook-id"), entry.get("webhookId").asText());
            assertEquals(200, entry.get("attemptLog").get(0).get("statusCode").asInt());
        }
    }

    @Test
    void aWhsecSecretSignsWithItsDecodedBytesAndNoSecretMeansNoSignature() throws Exception {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(204))) {
            paidInvoice(receiver.url("/signed"), secret);
            WebhookReceiver.Received signed = receiver.next(Duration.ofSeconds(10));
            assertEquals(expectedSignature(key, signed.header("webhook-id"), signed.header("webhook-timestamp"), signed.body()),
                    signed.header("webhook-signature"));

            paidInvoice(receiver.url("/unsigned"), null);
            WebhookReceiver.Received unsigned = receiver.next(Duration.ofSeconds(10));
            assertNull(unsigned.header("webhook-signature"));
            assertEquals("", JSON.readTree(unsigned.body()).get("secret").asText());
        }
    }

    @Test
    void aReceiverAnswering500TwiceThen200GetsThreeAttemptsAllLogged() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(calls.incrementAndGet() <= 2 ? 500 : 200))) {
            JsonNode invoice = paidInvoice(receiver.url("/flaky"), "k");
            String id = receiver.next(Duration.ofSeconds(10)).header("webhook-id");
            assertEquals(id, receiver.next(Duration.ofSeconds(10)).header("webhook-id"), "same id on every retry");
            assertEquals(id, receiver.next(Duration.ofSeconds(10)).header("webhook-id"));
            Await.until("delivered", Duration.ofSeconds(10), () -> log(invoice).get(0).get("status").asText().equals("delivered"));
            JsonNode attempts = log(invoice).get(0).get("attemptLog");
            assertEquals(3, attempts.size());
            assertEquals(500, attempts.get(0).get("statusCode").asInt());
            assertTrue(attempts.get(0).hasNonNull("nextAttemptAtUtc"));
            assertEquals(500, attempts.get(1).get("statusCode").asInt());
            assertEquals(200, attempts.get(2).get("statusCode").asInt());
            assertTrue(attempts.get(2).get("nextAttemptAtUtc").isNull());
            assertTrue(attempts.get(0).has("durationMs") && attempts.get(0).has("attemptedAtUtc"));
            assertEquals(3, log(invoice).get(0).get("attempts").asInt());
        }
    }

    @Test
    void gone410StopsRetries() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(410))) {
            JsonNode invoice = paidInvoice(receiver.url("/gone"), null);
            receiver.next(Duration.ofSeconds(10));
            Await.until("stopped", Duration.ofSeconds(10), () -> log(invoice).get(0).get("status").asText().equals("stopped"));
            JsonNode entry = log(invoice).get(0);
            assertEquals(1, entry.get("attempts").asInt());
            assertTrue(entry.get("nextAttemptAtUtc").isNull());
            assertEquals(1, receiver.all.size());
        }
    }

    @Test
    void aRedirectIsNotFollowedAndRetryAfterIsHonoured() throws Exception {
        try (WebhookReceiver target = new WebhookReceiver(r -> Answer.of(200));
             WebhookReceiver redirecting = new WebhookReceiver(r -> new Answer(302, Map.of("Location", target.url("/elsewhere"))));
             WebhookReceiver busy = new WebhookReceiver(r -> new Answer(503, Map.of("Retry-After", "3600")))) {
            JsonNode invoice = paidInvoice(redirecting.url("/moved"), null);
            redirecting.next(Duration.ofSeconds(10));
            redirecting.next(Duration.ofSeconds(10));
            assertTrue(target.all.isEmpty(), "the redirect target never hears from Till");
            assertEquals(302, log(invoice).get(0).get("attemptLog").get(0).get("statusCode").asInt());

            JsonNode later = paidInvoice(busy.url("/busy"), null);
            busy.next(Duration.ofSeconds(10));
            Await.until("attempt logged", Duration.ofSeconds(10), () -> log(later).get(0).get("attempts").asInt() == 1);
            java.time.Instant next = java.time.Instant.parse(log(later).get(0).get("nextAttemptAtUtc").asText());
            assertTrue(next.isAfter(java.time.Instant.now().plusSeconds(3000)), "Retry-After: 3600 was honoured: " + next);
        }
    }

    @Test
    void aHangingReceiverDoesNotDelayAnother() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (WebhookReceiver hanging = new WebhookReceiver(r -> {
                 try {
                     release.await(20, TimeUnit.SECONDS);
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 return Answer.of(200);
             });
             WebhookReceiver quick = new WebhookReceiver(r -> Answer.of(200))) {
            JsonNode slow = paidInvoice(hanging.url("/slow"), null);
            hanging.next(Duration.ofSeconds(10));
            long start = System.nanoTime();
            paidInvoice(quick.url("/fast"), null);
            quick.next(Duration.ofSeconds(5));
            // Had Till waited for the hanging attempt to end (its 10 s limit), that attempt would be in the log now.
            assertEquals(0, log(slow).get(0).get("attempts").asInt(), "the quick receiver was served while the other still hung");
            System.out.println("Webhook to a quick receiver took " + (System.nanoTime() - start) / 1_000_000
                    + " ms while another receiver hung");
            release.countDown();
        }
    }

    @Test
    void redeliverQueuesTheSameWebhookAgain() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            JsonNode invoice = paidInvoice(receiver.url("/again"), "k");
            WebhookReceiver.Received first = receiver.next(Duration.ofSeconds(10));
            Response redeliver = server.post("/transaction/" + invoice.get("id").asText() + "/webhooks/redeliver", "", shop.apiKey());
            assertEquals(202, redeliver.status(), redeliver.body());
            WebhookReceiver.Received second = receiver.next(Duration.ofSeconds(10));
            assertEquals(first.header("webhook-id"), second.header("webhook-id"));
            assertEquals(first.body(), second.body());
            Await.until("two deliveries logged", Duration.ofSeconds(10), () -> log(invoice).size() == 2);

            JsonNode noHook = server.createInvoice(shop, 1000);
            assertEquals(409, server.post("/transaction/" + noHook.get("id").asText() + "/webhooks/redeliver", "", shop.apiKey()).status());
            Shop other = server.createShop(0);
            assertEquals(404, server.get("/transaction/" + invoice.get("id").asText() + "/webhooks", other.apiKey()).status());
        }
    }

    @Test
    void aThousandPaidInvoicesAllGetTheirWebhook() throws Exception {
        int count = 1000;
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            List<String> hashes = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                hashes.add(server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": " + (1000 + i)
                        + ", \"webhookUrl\": \"" + receiver.url("/bulk") + "\"}", null).text("invoiceHash"));
            }
            long start = System.nanoTime();
            hashes.forEach(hash -> server.till.simNode().pay(hash, null));
            java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.Set<String> paidHashes = new java.util.HashSet<>();
            while (paidHashes.size() < count) {
                WebhookReceiver.Received hook = receiver.next(Duration.ofSeconds(30));
                ids.add(hook.header("webhook-id"));
                paidHashes.add(JSON.readTree(hook.body()).get("transaction").get("invoiceHash").asText());
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println(count + " payments -> " + count + " webhooks delivered in " + millis + " ms");
            assertEquals(new java.util.HashSet<>(hashes), paidHashes);
            assertEquals(count, ids.size());
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
