package till.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import till.Await;
import till.ChildProcess;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.WebhookReceiver.Answer;
import till.node.sim.SimNode;

/** Webhooks survive Till being killed, and the address guard holds at delivery time too. */
class WebhookSurvivalTest {

    @Test
    void aReceiverDownWhileTillIsKilledAndRestartedStillGetsTheWebhook() throws Exception {
        Path root = TestTill.tempDir();
        int nodePort = ChildProcess.freePort();
        int receiverPort = ChildProcess.freePort();
        int tillPort = ChildProcess.freePort();
        Map<String, String> env = new HashMap<>(Map.of("CLN_REST_URL", "http://127.0.0.1:" + nodePort, "CLN_RUNE", "any",
                "TILL_PORT", Integer.toString(tillPort), "TILL_DATA_DIR", root.resolve("till").toString(),
                "TILL_ADMIN_KEY", TestTill.ADMIN_KEY, "TILL_WEBHOOK_ALLOW_PRIVATE", "true",
                "TILL_WEBHOOK_RETRY_SCHEDULE", "300ms"));
        try (ChildProcess node = ChildProcess.start(List.of("sim-node", "--port", Integer.toString(nodePort), "--data",
                root.resolve("node").toString()), Map.of(), root.resolve("node.log"), "listening")) {
            ChildProcess till = ChildProcess.start(List.of(), env, root.resolve("till.log"), "Till is running at");
            TillClient client = new TillClient("http://127.0.0.1:" + tillPort);
            Shop shop = client.createShop(0);
            String url = "http://127.0.0.1:" + receiverPort + "/hook";
            JsonNode invoice = client.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 2000, "
                    + "\"webhookUrl\": \"" + url + "\", \"webhookSecret\": \"k\"}", null).json();
            String logPath = "/transaction/" + invoice.get("id").asText() + "/webhooks";
            new TillClient("http://127.0.0.1:" + nodePort).post("/simulator/pay/" + invoice.get("invoiceHash").asText(), "", null);
            Await.until("a failed attempt while the receiver is down", Duration.ofSeconds(30), () -> {
                JsonNode log = client.get(logPath, shop.apiKey()).json().get("data");
                return log.size() == 1 && log.get(0).get("attempts").asInt() >= 1;
            });
            String webhookId = client.get(logPath, shop.apiKey()).json().get("data").get(0).get("webhookId").asText();
            till.kill();

            try (WebhookReceiver receiver = new WebhookReceiver(receiverPort, r -> Answer.of(200))) {
                till = ChildProcess.start(List.of(), env, root.resolve("till.log"), "Till is running at");
                WebhookReceiver.Received hook = receiver.next(Duration.ofSeconds(30));
                assertEquals(webhookId, hook.header("webhook-id"));
                Await.until("delivered", Duration.ofSeconds(30), () -> client.get(logPath, shop.apiKey()).json()
                        .get("data").get(0).get("status").asText().equals("delivered"));
                JsonNode attempts = client.get(logPath, shop.apiKey()).json().get("data").get(0).get("attemptLog");
                assertTrue(attempts.get(0).hasNonNull("error"), "the first attempt failed: " + attempts);
                assertEquals(200, attempts.get(attempts.size() - 1).get("statusCode").asInt());
            } finally {
                till.close();
            }
        }
    }

    @Test
    void privateAddressesAreRefusedAtCreationAndAtDelivery() throws Exception {
        try (TestTill strict = TestTill.start()) {
            Shop shop = strict.createShop(0);
            for (String url : List.of("http://127.0.0.1:9/x", "http://localhost/x", "http://10.0.0.7/x",
                    "http://192.168.1.20/x", "http://169.254.169.254/latest", "http://[::1]/x", "http://0.0.0.0/x")) {
                TillClient.Response refused = strict.post("/invoice/add", "{\"bptId\": \"" + shop.bptId()
                        + "\", \"amountMsat\": 1000, \"webhookUrl\": \"" + url + "\"}", null);
                assertEquals(400, refused.status(), url);
                assertEquals("webhook_url_not_allowed", refused.text("code"), url);
                assertEquals("webhookUrl", refused.text("field"));
            }
            assertEquals(0, strict.get("/transactions", shop.apiKey()).json().get("data").size());
        }

        // Allowed when the invoice was made, refused when it is delivered: the guard looks again every time.
        Path dataDir = TestTill.tempDir();
        try (SimNode node = SimNode.start(0, TestTill.tempDir());
             WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            Map<String, String> nodeEnv = Map.of("CLN_REST_URL", node.baseUrl(), "CLN_RUNE", "any");
            Map<String, String> permissive = new HashMap<>(nodeEnv);
            permissive.put("TILL_WEBHOOK_ALLOW_PRIVATE", "true");
            String hash;
            String id;
            Shop shop;
            try (TestTill allowing = TestTill.start(dataDir, permissive)) {
                shop = allowing.createShop(0);
                JsonNode invoice = allowing.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 1000, "
                        + "\"webhookUrl\": \"" + receiver.url("/private") + "\"}", null).json();
                hash = invoice.get("invoiceHash").asText();
                id = invoice.get("id").asText();
            }
            try (TestTill strict = TestTill.start(dataDir, nodeEnv)) {
                node.pay(hash, null);
                Await.until("a refused attempt", Duration.ofSeconds(30), () -> {
                    JsonNode log = strict.get("/transaction/" + id + "/webhooks", shop.apiKey()).json().get("data");
                    return log.size() == 1 && log.get(0).get("attempts").asInt() >= 1;
                });
                JsonNode attempt = strict.get("/transaction/" + id + "/webhooks", shop.apiKey()).json()
                        .get("data").get(0).get("attemptLog").get(0);
                assertTrue(attempt.get("error").asText().contains("loopback, private"), attempt.toString());
                assertTrue(receiver.all.isEmpty());
            }
        }
    }

    /** A clock that throws a checked exception, once, from the dispatcher's own thread, the way a bug would. */
    private static final class TrippingClock extends Clock {
        final AtomicBoolean armed = new AtomicBoolean();

        @Override
        public Instant instant() {
            if (Thread.currentThread().getName().equals("webhook-dispatcher") && armed.compareAndSet(true, false)) {
                throw WebhookSurvivalTest.<RuntimeException>sneaky(new Exception("a checked exception in the loop"));
            }
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void theDispatcherLoopSurvivesAnyException() throws Exception {
        TrippingClock clock = new TrippingClock();
        try (TestTill server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"), clock);
             WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            clock.armed.set(true);
            Await.until("the dispatcher tripped", Duration.ofSeconds(10), () -> !clock.armed.get());
            Shop shop = server.createShop(0);
            TillClient.Response created = server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId()
                    + "\", \"amountMsat\": 1000, \"webhookUrl\": \"" + receiver.url("/after") + "\"}", null);
            server.pay(created.text("invoiceHash"));
            assertEquals("/after", receiver.next(Duration.ofSeconds(10)).path());
        }
    }
}
