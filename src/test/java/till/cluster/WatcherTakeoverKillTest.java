package till.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import till.Await;
import till.ChildProcess;
import till.FirstRunOnly;
import till.TestInvoices;
import till.TestPostgres;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.bench.ThrowawayPostgres;
import till.node.sim.SimNode;

/**
 * Two Till JVMs on one PostgreSQL database; kill -9 of the one holding the watcher while its outgoing payment is in
 * flight on the node: the other holds the watcher within seconds, a payment made during the gap is credited exactly
 * once, and the dead process's payment is resolved by the other, with the ledger equal to the balance.
 */
@FirstRunOnly
class WatcherTakeoverKillTest {
    private static final String READY = "Till is running at";
    private static final long FUNDING = 100_000;
    private static final long PAID_OUT = 12_345;
    private static final long DURING_GAP = 8_000;

    @Test
    void killMinus9OfTheHolderHandsTheWatcherAndItsInFlightPaymentToTheOther() throws Exception {
        assumeTrue(TestPostgres.available());
        ThrowawayPostgres pg = TestPostgres.cluster();
        String db = pg.newDatabase();
        Path root = TestTill.tempDir();
        try (SimNode node = SimNode.start(0, root.resolve("node"))) {
            TillClient nodeClient = new TillClient(node.baseUrl());
            int portA = ChildProcess.freePort();
            int portB = ChildProcess.freePort();
            ChildProcess a = ChildProcess.start(List.of(), env(node, pg, db, "till-a", portA, root), root.resolve("a.log"), READY);
            try (ChildProcess b = ChildProcess.start(List.of(), env(node, pg, db, "till-b", portB, root), root.resolve("b.log"), READY)) {
                TillClient tillA = new TillClient("http://127.0.0.1:" + portA);
                TillClient tillB = new TillClient("http://127.0.0.1:" + portB);
                Await.until("till-a holds the watcher", Duration.ofSeconds(10),
                        () -> "till-a".equals(SeveralProcessesTest.holder(tillB)));

                Shop shop = tillA.createShop(0);
                String funding = tillA.createInvoice(shop, FUNDING).get("invoiceHash").asText();
                assertEquals(200, nodeClient.post("/simulator/pay/" + funding, "", null).status());
                Await.until("funded", Duration.ofSeconds(15), () -> tillB.balance(shop) == FUNDING);

                // A payment whose call runs in till-a, pending on the node until well after till-a is gone.
                nodeClient.post("/simulator/pay-behaviour", "{\"amountMsat\": " + PAID_OUT + ", \"pendingSeconds\": 8}", null);
                String bolt11 = TestInvoices.external(PAID_OUT);
                String paymentPath = "/payment/" + TestInvoices.paymentHash(bolt11);
                CompletableFuture.runAsync(() -> {
                    try {
                        tillA.payBolt11(shop, bolt11);
                    } catch (RuntimeException killed) {
                        // expected: till-a dies before it answers
                    }
                });
                Await.until("in flight", Duration.ofSeconds(10),
                        () -> "in_flight".equals(tillB.get(paymentPath, shop.apiKey()).text("status")));

                a.kill();
                long killedAt = System.nanoTime();
                String gap = tillB.createInvoice(shop, DURING_GAP).get("invoiceHash").asText();
                assertEquals(200, nodeClient.post("/simulator/pay/" + gap, "", null).status());
                Await.until("till-b holds the watcher", Duration.ofSeconds(10),
                        () -> "till-b".equals(SeveralProcessesTest.holder(tillB)));
                long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
                assertTrue(takeoverMillis < 5_000, "took over after " + takeoverMillis + " ms");

                Await.until("the payment made during the gap credited", Duration.ofSeconds(15),
                        () -> SeveralProcessesTest.incomingPayments(pg, db, gap) > 0);

                Await.until("till-a's payment resolved by till-b", Duration.ofSeconds(40),
                        () -> !"in_flight".equals(tillB.get(paymentPath, shop.apiKey()).text("status")));
                Response payment = tillB.get(paymentPath, shop.apiKey());
                assertEquals("succeeded", payment.text("status"), payment.body());
                long expected = FUNDING + DURING_GAP - PAID_OUT - payment.json().get("feeMsat").asLong();
                assertEquals(expected, tillB.balance(shop));
                assertEquals(expected, Ledger.sum(pg, db, shop.accountId()), "the ledger sum equals the balance");
                assertEquals(1L, SeveralProcessesTest.incomingPayments(pg, db, gap), "credited exactly once");
            } finally {
                a.close();
            }
        }
    }

    private static Map<String, String> env(SimNode node, ThrowawayPostgres pg, String db, String name, int port, Path root) {
        Map<String, String> env = SeveralProcessesTest.env(node, pg, db, name);
        env.put("TILL_PORT", Integer.toString(port));
        env.put("TILL_DATA_DIR", root.resolve(name).toString());
        env.put("TILL_ADMIN_KEY", TestTill.ADMIN_KEY);
        return env;
    }
}
