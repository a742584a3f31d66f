package till.payment;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import till.Await;
import till.ChildProcess;
import till.TestInvoices;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.account.AccountDao;
import till.store.Database;

/**
 * kill -9 of Till while payments are in flight on the node: after a restart each payment ends in the node's final
 * state, and the balance and the ledger agree with it.
 */
class PaymentCrashTest {
    private static final long SUCCEEDS = 12_345;
    private static final long FAILS = 23_456;

    @Test
    void paymentsInFlightDuringAKillEndInTheNodesFinalStateAfterRestart() throws Exception {
        Path root = TestTill.tempDir();
        int nodePort = ChildProcess.freePort();
        int tillPort = ChildProcess.freePort();
        Map<String, String> env = new HashMap<>(Map.of("CLN_REST_URL", "http://127.0.0.1:" + nodePort, "CLN_RUNE", "any"));
        env.put("TILL_PORT", Integer.toString(tillPort));
        env.put("TILL_DATA_DIR", root.resolve("till").toString());
        env.put("TILL_ADMIN_KEY", TestTill.ADMIN_KEY);
        String ready = "Till is running at";

        try (ChildProcess node = ChildProcess.start(List.of("sim-node", "--port", Integer.toString(nodePort), "--data",
                root.resolve("node").toString()), Map.of(), root.resolve("node.log"), "listening")) {
            ChildProcess till = ChildProcess.start(List.of(), env, root.resolve("till.log"), ready);
            TillClient client = new TillClient("http://127.0.0.1:" + tillPort);
            TillClient nodeClient = new TillClient("http://127.0.0.1:" + nodePort);
            Shop shop = client.createShop(0);
            String funding = client.createInvoice(shop, 100_000).get("invoiceHash").asText();
            assertEquals(200, nodeClient.post("/simulator/pay/" + funding, "", null).status());
            Await.until("funded", Duration.ofSeconds(30), () -> client.balance(shop) == 100_000);

            nodeClient.post("/simulator/pay-behaviour", "{\"amountMsat\": " + SUCCEEDS + ", \"pendingSeconds\": 6}", null);
            nodeClient.post("/simulator/pay-behaviour", "{\"amountMsat\": " + FAILS + ", \"pendingSeconds\": 6, \"code\": 203}", null);
            String succeeds = TestInvoices.external(SUCCEEDS);
            String fails = TestInvoices.external(FAILS);
            for (String bolt11 : List.of(succeeds, fails)) {
                // The answer never comes: Till dies while the node is still paying.
                CompletableFuture.runAsync(() -> {
                    try {
                        client.payBolt11(shop, bolt11);
                    } catch (RuntimeException killed) {
                        // expected
                    }
                });
                String hash = TestInvoices.paymentHash(bolt11);
                Await.until("in flight in Till", Duration.ofSeconds(10),
                        () -> "in_flight".equals(client.get("/payment/" + hash, shop.apiKey()).text("status")));
                Await.until("pending on the node", Duration.ofSeconds(10), () -> "pending".equals(nodeClient
                        .rpc("listpays", "{\"payment_hash\": \"" + hash + "\"}").json().at("/pays/0/status").asText()));
            }
            long reserved = SUCCEEDS + FAILS + 2 * OutgoingPayments.defaultMaxFee(SUCCEEDS);
            assertEquals(100_000 - reserved, client.balance(shop), "both reservations held");
            till.kill();

            till = ChildProcess.start(List.of(), env, root.resolve("till.log"), ready);
            Response succeeded = awaitEnded(client, shop, succeeds);
            Response failed = awaitEnded(client, shop, fails);
            assertEquals("succeeded", succeeded.text("status"), succeeded.body());
            assertEquals(1 + SUCCEEDS / 1000, succeeded.json().get("feeMsat").asLong());
            assertEquals("failed", failed.text("status"), failed.body());
            assertTrue(failed.text("failureReason").contains("failed"), failed.body());
            long expected = 100_000 - SUCCEEDS - (1 + SUCCEEDS / 1000);
            assertEquals(expected, client.balance(shop));
            till.close();

            try (Database database = TestDatabase.open(root.resolve("till"))) {
                long ledger = database.jdbi().withExtension(AccountDao.class, dao -> dao.ledgerSum(shop.accountId()));
                assertEquals(expected, ledger, "the ledger sum equals the balance");
            }
        }
    }

    private static Response awaitEnded(TillClient client, Shop shop, String bolt11) {
        String path = "/payment/" + TestInvoices.paymentHash(bolt11);
        Await.until("payment ended", Duration.ofSeconds(40),
                () -> !"in_flight".equals(client.get(path, shop.apiKey()).text("status")));
        return client.get(path, shop.apiKey());
    }
}
