package till.invoice;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.Await;
import till.ChildProcess;
import till.TcpProxy;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;
import till.account.AccountDao;
import till.node.InvoiceDescription;
import till.node.cln.ClnRestClient;
import till.node.sim.SimNode;
import till.store.Database;
import till.WsClient;

/**
 * The watcher never misses a payment: not while the node is unreachable, not while Till is down,
 * and not when Till is killed with -9 in the middle of a stream of payments.
 */
class NeverMissAPaymentTest {

    private static Map<String, String> nodeEnv(int port) {
        return Map.of("CLN_REST_URL", "http://127.0.0.1:" + port, "CLN_RUNE", "any-rune");
    }

    @Test
    void paymentsMadeWhileTheNodeWasUnreachableArePickedUpWhenItReturns() throws Exception {
        try (SimNode node = SimNode.start(0, TestTill.tempDir());
             TcpProxy proxy = new TcpProxy(node.port());
             TestTill server = TestTill.start(TestTill.tempDir(), nodeEnv(proxy.port()))) {
            Shop shop = server.createShop(0);
            List<String> hashes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                hashes.add(server.createInvoice(shop, 1000).get("invoiceHash").asText());
            }
            proxy.cut();
            Await.until("health degraded", Duration.ofSeconds(30), () -> server.get("/health", null).status() == 503);
            assertEquals("node_unreachable", server.get("/health", TestTill.ADMIN_KEY).json().get("watcher").get("state").asText());
            assertEquals(503, server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 5}", null).status());
            try (WsClient socket = new WsClient(server.url.replace("http", "ws") + "/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=5")) {
                assertEquals("node_unreachable", socket.next(Duration.ofSeconds(30)).get("code").asText());
                assertEquals(1011, socket.awaitClose(Duration.ofSeconds(10)));
            }

            hashes.forEach(hash -> node.pay(hash, null));
            proxy.restore();

            Await.until("all paid after the outage", Duration.ofSeconds(60), () -> balance(server, shop) == 5000);
            for (String hash : hashes) {
                assertEquals("paid", server.get("/invoice/" + hash + "/status", null).text("status"));
            }
            Await.until("health ok", Duration.ofSeconds(30), () -> server.get("/health", null).status() == 200);
        }
    }

    @Test
    void paymentsMadeWhileTillWasDownArePickedUpAtItsNextStart() {
        Path dataDir = TestTill.tempDir();
        try (SimNode node = SimNode.start(0, TestTill.tempDir())) {
            Shop shop;
            List<String> hashes = new ArrayList<>();
            try (TestTill server = TestTill.start(dataDir, nodeEnv(node.port()))) {
                shop = server.createShop(1000);
                for (int i = 0; i < 4; i++) {
                    hashes.add(server.createInvoice(shop, 10_000).get("invoiceHash").asText());
                }
            }
            hashes.forEach(hash -> node.pay(hash, null));
            // A payment to an invoice another application made on the same node: Till ignores it.
            try (ClnRestClient other = new ClnRestClient(new ClnRestClient.Config(node.baseUrl(), "x", null, false))) {
                node.pay(other.createInvoice(777, "other-app-1", InvoiceDescription.shown("not Till's"), 600).paymentHash(), null);
            }
            try (TestTill server = TestTill.start(dataDir, nodeEnv(node.port()))) {
                Await.until("all paid after restart", Duration.ofSeconds(30), () -> balance(server, shop) == 4 * 9990);
                assertEquals(4, server.get("/transactions?status=paid", TestTill.ADMIN_KEY).json().get("data").size());
                Await.until("cursor past the foreign payment", Duration.ofSeconds(30),
                        () -> server.get("/health", TestTill.ADMIN_KEY).json().get("watcher").get("cursor").asLong() == 5);
                assertEquals(4 * 9990, balance(server, shop));
            }
        }
    }

    @Test
    void killMinus9DuringAStreamOfPaymentsLosesNothingAndCountsNothingTwice() throws Exception {
        Path root = TestTill.tempDir();
        int nodePort = ChildProcess.freePort();
        int tillPort = ChildProcess.freePort();
        Map<String, String> env = new HashMap<>(nodeEnv(nodePort));
        env.put("TILL_PORT", Integer.toString(tillPort));
        env.put("TILL_DATA_DIR", root.resolve("till").toString());
        env.put("TILL_ADMIN_KEY", TestTill.ADMIN_KEY);
        String ready = "Till is running at";
        int invoices = 40;

        try (ChildProcess node = ChildProcess.start(List.of("sim-node", "--port", Integer.toString(nodePort), "--data",
                root.resolve("node").toString()), Map.of(), root.resolve("node.log"), "listening")) {
            ChildProcess till = ChildProcess.start(List.of(), env, root.resolve("till.log"), ready);
            TillClient client = new TillClient("http://127.0.0.1:" + tillPort);
            Shop shop = client.createShop(2500);
            List<JsonNode> created = new ArrayList<>();
            for (int i = 0; i < invoices; i++) {
                created.add(client.createInvoice(shop, 4000 + i));
            }
            TillClient nodeClient = new TillClient("http://127.0.0.1:" + nodePort);
            Thread payer = new Thread(() -> created.forEach(invoice ->
                    assertEquals(200, nodeClient.post("/simulator/pay/" + invoice.get("invoiceHash").asText(), "", null).status())));
            payer.start();
            Await.until("some payments settled", Duration.ofSeconds(30),
                    () -> client.get("/accounts/" + shop.accountId(), shop.apiKey()).json().get("balanceMsat").asLong() > 0);
            till.kill();
            payer.join();

            till = ChildProcess.start(List.of(), env, root.resolve("till.log"), ready);
            long expected = 0;
            for (JsonNode invoice : created) {
                long amount = invoice.get("amountMsat").asLong();
                expected += amount - amount * 2500 / 1_000_000;
            }
            long expectedBalance = expected;
            Await.until("every invoice paid", Duration.ofSeconds(60),
                    () -> client.get("/transactions?status=paid&limit=500", TestTill.ADMIN_KEY).json().get("data").size() == invoices);
            Await.until("balance complete", Duration.ofSeconds(30),
                    () -> client.get("/accounts/" + shop.accountId(), shop.apiKey()).json().get("balanceMsat").asLong() == expectedBalance);
            long sumReceived = 0;
            for (JsonNode tx : client.get("/transactions?status=paid&limit=500", TestTill.ADMIN_KEY).json().get("data")) {
                sumReceived += tx.get("receivedMsat").asLong();
            }
            assertEquals(expectedBalance, sumReceived);
            till.close();

            try (Database database = TestDatabase.open(root.resolve("till"))) {
                long ledger = database.jdbi().withExtension(AccountDao.class, dao -> dao.ledgerSum(shop.accountId()));
                int credits = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM ledger WHERE account_id = :a AND kind = 'credit'").bind("a", shop.accountId())
                        .mapTo(Integer.class).one());
                assertEquals(expectedBalance, ledger, "ledger sum equals the balance");
                assertEquals(invoices, credits, "exactly one credit per paid invoice");
            }
        }
    }

    private static long balance(TestTill server, Shop shop) {
        return server.get("/accounts/" + shop.accountId(), shop.apiKey()).json().get("balanceMsat").asLong();
    }
}
