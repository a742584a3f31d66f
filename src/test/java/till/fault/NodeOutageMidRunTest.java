package till.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import till.Await;
import till.ChildProcess;
import till.TcpProxy;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.WebhookReceiver.Answer;
import till.node.sim.SimNode;

/**
 * The node and the webhook receiver go away in the middle of a running load (and some webhook requests hang past
 * Till's 10 s timeout): Till refuses new invoices at once with 503, reports itself degraded, and when both come
 * back it has missed no payment and no webhook.
 */
class NodeOutageMidRunTest {
    @Test
    void aNodeAndReceiverOutageInTheMiddleOfARunLosesNothing() throws Exception {
        int receiverPort = ChildProcess.freePort();
        DeliveredWebhooks delivered = new DeliveredWebhooks();
        AtomicInteger requests = new AtomicInteger();
        CountDownLatch endOfTest = new CountDownLatch(1);
        try (SimNode node = SimNode.start(0, TestTill.tempDir());
             TcpProxy proxy = new TcpProxy(node.port());
             TestTill server = TestTill.start(TestTill.tempDir(), Map.of("CLN_REST_URL", "http://127.0.0.1:" + proxy.port(),
                     "CLN_RUNE", "any", "TILL_WEBHOOK_ALLOW_PRIVATE", "true", "TILL_WEBHOOK_RETRY_SCHEDULE", "200ms,500ms"))) {
            Shop shop = server.createShop(1000);
            Shop payer = server.createShop(0);
            // Every tenth webhook request hangs (Till gives up after 10 s and retries); the others succeed.
            java.util.function.Function<WebhookReceiver.Received, Answer> script = hook -> {
                if (requests.incrementAndGet() % 10 == 0) {
                    await(endOfTest, 12);
                    return Answer.of(200);
                }
                return delivered.accept(hook);
            };
            WebhookReceiver receiver = new WebhookReceiver(receiverPort, script);
            String hook = "http://127.0.0.1:" + receiverPort + "/hook";
            MixedLoad load = new MixedLoad(server, new TillClient(node.baseUrl()), shop, payer, hook);
            try {
                load.start(11, 2);
                Await.until("a first stretch of load", Duration.ofSeconds(30), () -> load.paidOnNode.size() >= 10);

                // No invoice can be made during the outage: leave some unpaid ones for the payer to pay meanwhile.
                for (int i = 0; i < 8; i++) {
                    load.created.add(server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 2000, "
                            + "\"webhookUrl\": \"" + hook + "\"}", null).text("invoiceHash"));
                }
                proxy.cut();
                receiver.close();
                int paidBefore = load.paidOnNode.size();
                Await.until("health degraded", Duration.ofSeconds(30), () -> server.get("/health", null).status() == 503);
                long start = System.nanoTime();
                Response refused = server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 5}", null);
                long refusedMillis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(503, refused.status(), refused.body());
                assertEquals("node_unreachable", refused.text("code"));
                // Payments go on at the node (whose payer is reached directly) while Till cannot see it.
                Await.until("payments during the outage", Duration.ofSeconds(30), () -> load.paidOnNode.size() >= paidBefore + 5);

                int paidDuringOutage = load.paidOnNode.size() - paidBefore;
                receiver = new WebhookReceiver(receiverPort, script);
                proxy.restore();
                Await.until("more load after the outage", Duration.ofSeconds(30), () -> load.paidOnNode.size() >= paidBefore + 15);
                load.stop();

                Await.until("health ok", Duration.ofSeconds(30), () -> server.get("/health", null).status() == 200);
                Await.until("every payment the node saw is paid in Till", Duration.ofSeconds(60), () -> load.paidOnNode.stream()
                        .allMatch(hash -> "paid".equals(server.get("/invoice/" + hash + "/status", null).text("status"))));
                Await.until("every paid invoice's webhook delivered", Duration.ofSeconds(60),
                        () -> delivered.containsAll(load.paidOnNode));
                System.out.printf("node outage mid-run: %d invoices, %d paid (%d during the outage), %d webhook requests; "
                                + "invoice creation refused in %d ms during the outage%n", load.created.size(),
                        load.paidOnNode.size(), paidDuringOutage, requests.get(), refusedMillis);
                assertTrue(refusedMillis < 10_000, "503 without a long wait: " + refusedMillis + " ms");
                // Till itself never went down: what the node's absence stopped was refused as node_unreachable, and
                // nothing else was a server error.
                System.out.println("node outage mid-run: Till's answers to the load " + load.answers);
                assertEquals(Map.of(), load.serverErrorsBut("node_unreachable"), "server errors besides node_unreachable");
                int unreachable = load.answers.getOrDefault("503 node_unreachable", new AtomicInteger()).get()
                        + load.answers.getOrDefault("ws node_unreachable", new AtomicInteger()).get();
                assertTrue(unreachable > 0, "the load's invoices during the outage were refused as node_unreachable: "
                        + load.answers);
                server.assertLedgerMatches(shop);
                server.assertLedgerMatches(payer);
                assertEquals(load.paidOnNode.size(), server.get("/transactions?status=paid&limit=500", shop.apiKey()).json()
                        .get("data").size(), "nothing paid twice, nothing extra");
            } finally {
                endOfTest.countDown();
                load.stop();
                receiver.close();
            }
        }
    }

    private static void await(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
