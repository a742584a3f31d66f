package till.fault;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.WebhookReceiver.Answer;
import till.account.AccountDao;
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
        Random flaky = new Random(seed);
        try (ChildProcess node = ChildProcess.start(List.of("sim-node", "--port", Integer.toString(nodePort), "--data",
                root.resolve("node").toString()), Map.of(), root.resolve("node.log"), "listening");
             WebhookReceiver receiver = new WebhookReceiver(hook -> answer(hook, flaky, delivered))) {
            TillClient client = new TillClient("http://127.0.0.1:" + tillPort);
            TillClient nodeClient = new TillClient("http://127.0.0.1:" + nodePort);
            ChildProcess till = ChildProcess.start(List.of(), env, root.resolve("till.log"), READY);
            Shop shop = client.createShop(2000);
            Shop payer = client.createShop(0);
            fund(client, nodeClient, payer, 2_000_000);
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

                Await.until("every payment the node saw is paid in Till", Duration.ofSeconds(60), () -> load.paidOnNode.stream()
                        .allMatch(hash -> "paid".equals(client.get("/invoice/" + hash + "/status", null).text("status"))));
                Await.until("every paid invoice's webhook delivered", Duration.ofSeconds(60),
                        () -> delivered.containsAll(load.paidOnNode));
                Await.until("no outgoing payment in flight", Duration.ofSeconds(60), () -> load.outgoing.stream()
                        .map(hash -> client.get("/payment/" + hash, TestTill.ADMIN_KEY))
                        .noneMatch(payment -> payment.status() == 200 && "in_flight".equals(payment.text("status"))));
                System.out.printf("kill -9 mixed run: %d kills, %d operations, %d invoices (%d paid), %d outgoing payments, "
                                + "%d webhook requests, in %.1f s%n", KILLS, load.completed.get(), load.created.size(),
                        load.paidOnNode.size(), load.outgoing.size(), receiver.all.size(), (System.nanoTime() - start) / 1e9);
                assertTrue(load.paidOnNode.size() >= 20, "enough payments to mean something: " + load.paidOnNode.size());
            } finally {
                load.stop();
                till.close();
            }
            assertLedger(root.resolve("till"), load, shop, payer);
        }
    }

    /** 30 % of webhook requests fail; a 200 marks the invoice's webhook delivered. */
    private static Answer answer(WebhookReceiver.Received hook, Random flaky, DeliveredWebhooks delivered) {
        synchronized (flaky) {
            if (flaky.nextInt(10) < 3) {
                return Answer.of(500);
            }
        }
        return delivered.accept(hook);
    }

    private static void fund(TillClient client, TillClient node, Shop shop, long amountMsat) {
        String hash = client.createInvoice(shop, amountMsat).get("invoiceHash").asText();
        assertEquals(200, node.post("/simulator/pay/" + hash, "", null).status());
        Await.until("funded", Duration.ofSeconds(30), () -> client.balance(shop) == amountMsat);
    }

    /** Read from the database with Till stopped: one credit per paid invoice, balances equal to their ledgers. */
    private static void assertLedger(Path dataDir, MixedLoad load, Shop shop, Shop payer) {
        try (Database database = TestDatabase.open(dataDir)) {
            database.jdbi().useHandle(h -> {
                List<String> paid = h.createQuery("SELECT invoice_hash FROM transactions WHERE status = 'paid' AND account_id = :a")
                        .bind("a", shop.accountId()).mapTo(String.class).list();
                assertEquals(Set.copyOf(load.paidOnNode), Set.copyOf(paid), "paid in Till = paid on the node");
                int credits = h.createQuery("SELECT COUNT(*) FROM ledger WHERE kind = 'credit' AND account_id = :a")
                        .bind("a", shop.accountId()).mapTo(Integer.class).one();
                assertEquals(paid.size(), credits, "exactly one credit per paid invoice");
                int inFlight = h.createQuery("SELECT COUNT(*) FROM payment WHERE status = 'in_flight'").mapTo(Integer.class).one();
                assertEquals(0, inFlight, "no payment left in flight");
                for (Shop each : List.of(shop, payer)) {
                    long balance = h.createQuery("SELECT balance_msat FROM account WHERE id = :a").bind("a", each.accountId())
                            .mapTo(Long.class).one();
                    assertEquals(h.attach(AccountDao.class).ledgerSum(each.accountId()), balance, "balance = ledger sum");
                }
            });
        }
    }
}
