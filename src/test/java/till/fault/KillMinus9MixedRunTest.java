package till.fault;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import till.Await;
import till.ChildProcess;
import till.TestDatabase;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.store.Database;

/**
 * Till killed with -9 at random points of a mixed run, four times over: invoices over REST and the WebSocket,
 * payments, outgoing payments and webhooks to a receiver that fails 30 % of the time. Afterwards every payment
 * the node saw is credited exactly once, every paid invoice's webhook arrived, every balance equals its ledger
 * and no outgoing payment is left in flight.
 */
class KillMinus9MixedRunTest {
    private static final String READY = "Till is running at";
    private static final int KILLS = 4;

    @Test
    void killedFourTimesDuringAMixedRunTillLosesNothingAndCountsNothingTwice() throws Exception {
        long seed = Long.getLong("till.fault.seed", 7L);
        System.out.println("kill -9 mixed run: seed " + seed + " (-Dtill.fault.seed=" + seed + ")");
        Random random = new Random(seed);
        Path root = TestTill.tempDir();
        int nodePort = ChildProcess.freePort();
        int tillPort = ChildProcess.freePort();
        Map<String, String> env = Map.of("CLN_REST_URL", "http://127.0.0.1:" + nodePort, "CLN_RUNE", "any",
                "TILL_PORT", Integer.toString(tillPort), "TILL_DATA_DIR", root.resolve("till").toString(),
                "TILL_ADMIN_KEY", TestTill.ADMIN_KEY, "TILL_WEBHOOK_ALLOW_PRIVATE", "true",
                "TILL_WEBHOOK_RETRY_SCHEDULE", "200ms,500ms",
                "TILL_RATE_LIMIT_PER_TERMINAL", "0", "TILL_RATE_LIMIT_PER_ADDRESS", "0");
        DeliveredWebhooks delivered = new DeliveredWebhooks();
        try (ChildProcess node = ChildProcess.start(List.of("sim-node", "--port", Integer.toString(nodePort), "--data",
                root.resolve("node").toString()), Map.of(), root.resolve("node.log"), "listening");
             WebhookReceiver receiver = new WebhookReceiver(delivered.failingThirtyPercent(new Random(seed)))) {
            TillClient client = new TillClient("http://127.0.0.1:" + tillPort);
            TillClient nodeClient = new TillClient("http://127.0.0.1:" + nodePort);
            ChildProcess till = ChildProcess.start(List.of(), env, root.resolve("till.log"), READY);
            Shop shop = client.createShop(2000);
            Shop payer = client.createShop(0);
            MixedLoad.fund(client, nodeClient, payer, 2_000_000);
            MixedLoad load = new MixedLoad(client, nodeClient, shop, payer, receiver.url("/hook"));
            long start = System.nanoTime();
            try {
                for (int kill = 0; kill < KILLS; kill++) {
                    int after = load.completed.get() + 10 + random.nextInt(30);
                    load.start(seed * 31 + kill, 3);
                    Await.until(after + " operations", Duration.ofSeconds(60), () -> load.completed.get() >= after);
                    till.kill(); // the load threads are still sending
                    load.stop();
                    till = ChildProcess.start(List.of(), env, root.resolve("till.log"), READY);
                }
                load.start(seed * 31 + KILLS, 3);
                int last = load.completed.get() + 20;
                Await.until("a last stretch of load", Duration.ofSeconds(60), () -> load.completed.get() >= last);
                load.stop();

                MixedRunCheck.awaitSettled(List.of(client), load, delivered);
                System.out.printf("kill -9 mixed run: %d kills, %d operations, %d invoices (%d paid), %d outgoing payments, "
                                + "%d webhook requests, in %.1f s%n", KILLS, load.completed.get(), load.created.size(),
                        load.paidOnNode.size(), load.outgoing.size(), receiver.all.size(), (System.nanoTime() - start) / 1e9);
                assertTrue(load.paidOnNode.size() >= 20, "enough payments to mean something: " + load.paidOnNode.size());
            } finally {
                load.stop();
                till.close();
            }
            Set<String> paidOnNode = MixedRunCheck.paidOnNode(nodeClient);
            assertTrue(paidOnNode.containsAll(load.paidOnNode), "the node knows every payment it made");
            try (Database database = TestDatabase.open(root.resolve("till"))) {
                MixedRunCheck.assertLedger(database, paidOnNode);
            }
        }
    }
}
