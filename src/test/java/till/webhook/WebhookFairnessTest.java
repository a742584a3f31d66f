package till.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.WebhookReceiver.Answer;

/** One account cannot make Till hammer a receiver, nor hold up another account's webhooks. */
class WebhookFairnessTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static JsonNode paidInvoice(TestTill server, Shop shop, String webhookUrl) {
        TillClient.Response created = server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId()
                + "\", \"amountMsat\": 1000, \"webhookUrl\": \"" + webhookUrl + "\"}", null);
        assertEquals(201, created.status(), created.body());
        server.till.simNode().pay(created.text("invoiceHash"), null);
        return created.json();
    }

    private static JsonNode log(TestTill server, Shop shop, JsonNode invoice) {
        return server.get("/transaction/" + invoice.get("id").asText() + "/webhooks", shop.apiKey()).json().get("data");
    }

    private static HttpResponse<String> redeliver(TestTill server, Shop shop, JsonNode invoice) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url + "/transaction/" + invoice.get("id").asText()
                        + "/webhooks/redeliver")).header("Authorization", shop.apiKey())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean allSettled(JsonNode log, int deliveries) {
        if (log.size() != deliveries) {
            return false;
        }
        for (JsonNode delivery : log) {
            if (delivery.get("attempts").asInt() == 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void oneRedeliveryAtATimePerWebhookAndARateLimitPerAccount() throws Exception {
        try (TestTill server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true",
                     "TILL_WEBHOOK_RETRY_SCHEDULE", "1h", "TILL_RATE_LIMIT_REDELIVER", "3/h"));
             WebhookReceiver failing = new WebhookReceiver(r -> Answer.of(500));
             WebhookReceiver working = new WebhookReceiver(r -> Answer.of(200))) {
            Shop shop = server.createShop(0);
            JsonNode invoice = paidInvoice(server, shop, failing.url("/down"));
            Await.until("the first attempt", Duration.ofSeconds(10), () -> allSettled(log(server, shop, invoice), 1));
            assertEquals(202, redeliver(server, shop, invoice).statusCode());
            Await.until("the redelivery's attempt", Duration.ofSeconds(10), () -> allSettled(log(server, shop, invoice), 2));
            HttpResponse<String> again = redeliver(server, shop, invoice);
            assertEquals(409, again.statusCode(), again.body());
            assertEquals("redelivery_pending", TillClient.JSON.readTree(again.body()).get("code").asText());
            assertEquals(2, log(server, shop, invoice).size(), "no third delivery was queued");

            // Once a redelivery is done, the next may come, up to the account's rate.
            Shop other = server.createShop(0);
            JsonNode delivered = paidInvoice(server, other, working.url("/up"));
            Await.until("the first delivery", Duration.ofSeconds(10), () -> allSettled(log(server, other, delivered), 1));
            for (int deliveries = 2; deliveries <= 4; deliveries++) {
                HttpResponse<String> queued = redeliver(server, other, delivered);
                assertEquals(202, queued.statusCode(), queued.body());
                int expected = deliveries;
                Await.until("delivery " + expected, Duration.ofSeconds(10), () -> allSettled(log(server, other, delivered), expected));
            }
            HttpResponse<String> limited = redeliver(server, other, delivered);
            assertEquals(429, limited.statusCode(), limited.body());
            assertEquals("rate_limited", TillClient.JSON.readTree(limited.body()).get("code").asText());
            long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 1200, "3/h refills one every 20 minutes: " + retryAfter);
            assertEquals(4, log(server, other, delivered).size());
        }
    }

    /**
     * Account A's receiver hangs and A has many webhooks due; account B's receiver, on another host ("localhost"
     * instead of "127.0.0.1"), still gets its webhook at once. Before the per-host limit, A's webhooks took every
     * sender for 10 s each and B waited behind all of them: tens of seconds.
     */
    @Test
    void aHangingReceiverDelaysOnlyItsOwnWebhooks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hangingNow = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        try (TestTill server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true",
                     "TILL_WEBHOOK_RETRY_SCHEDULE", "1h", "TILL_WEBHOOK_MAX_PER_HOST", "4"));
             WebhookReceiver hanging = new WebhookReceiver(r -> {
                 mostAtOnce.accumulateAndGet(hangingNow.incrementAndGet(), Math::max);
                 try {
                     release.await(30, TimeUnit.SECONDS);
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 hangingNow.decrementAndGet();
                 return Answer.of(200);
             });
             WebhookReceiver quick = new WebhookReceiver(r -> Answer.of(200))) {
            try {
                Shop a = server.createShop(0);
                Shop b = server.createShop(0);
                List<JsonNode> flood = new ArrayList<>();
                for (int i = 0; i < 150; i++) {
                    flood.add(paidInvoice(server, a, hanging.url("/a")));
                }
                Await.until("A's receiver holds its share", Duration.ofSeconds(10), () -> hanging.all.size() >= 4);

                long start = System.nanoTime();
                paidInvoice(server, b, quick.url("/b").replace("127.0.0.1", "localhost"));
                quick.next(Duration.ofSeconds(30));
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.println("B's webhook took " + millis + " ms while A's receiver hung with " + flood.size()
                        + " webhooks queued");
                assertTrue(millis < 3000, "B's webhook took " + millis + " ms");
                assertEquals(4, mostAtOnce.get(), "A's host never had more than its 4 senders at once");
            } finally {
                release.countDown();
            }
        }
    }
}
