package till.fault;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.Await;
import till.ChildProcess;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.account.AccountDao;
import till.node.sim.SimNode;
import till.node.sim.SimPeerServer;
import till.store.Database;

/**
 * Till killed -9 between the mempool and the confirmation of on-chain payments, blocks mined and a payment sent while
 * it is down, then restarted: every charge ends paid, each output is recorded once, each charge credited once, the
 * balance equals the ledger. The simulated node and its bitcoind peer live in this JVM; Till is the child.
 */
class KillMinus9OnchainTest {
    private static final String READY = "Till is running at";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void killedBetweenTheMempoolAndTheBlockTillMissesNothingAndCountsNothingTwice() throws Exception {
        Path root = TestTill.tempDir();
        int peerPort = ChildProcess.freePort();
        int tillPort = ChildProcess.freePort();
        try (SimNode node = SimNode.start(0, root.resolve("node"));
             SimPeerServer peer = SimPeerServer.start(node.chain(), peerPort);
             WebhookReceiver callbacks = new WebhookReceiver(hook -> WebhookReceiver.Answer.of(200))) {
            Map<String, String> env = Map.of("CLN_REST_URL", node.baseUrl(), "CLN_RUNE", "any",
                    "TILL_PORT", Integer.toString(tillPort), "TILL_DATA_DIR", root.resolve("till").toString(),
                    "TILL_ADMIN_KEY", TestTill.ADMIN_KEY, "TILL_WEBHOOK_ALLOW_PRIVATE", "true",
                    "TILL_WEBHOOK_RETRY_SCHEDULE", "200ms", "TILL_BITCOIN_PEER", "127.0.0.1:" + peerPort);
            TillClient client = new TillClient("http://127.0.0.1:" + tillPort);
            TillClient payer = new TillClient(node.baseUrl());
            ChildProcess till = ChildProcess.start(List.of(), env, root.resolve("till.log"), READY);
            Shop shop;
            String whole;
            String partial;
            String bumped;
            try {
                // Till never asks bitcoind for its mempool: a payment sent before the peer is connected is seen mined.
                Await.until("the bitcoind peer connected", WAIT, () -> "connected".equals(
                        client.get("/health", TestTill.ADMIN_KEY).json().path("onchain").path("bitcoinPeer").asText()));
                shop = client.createShop(0);
                whole = charge(client, shop, callbacks.url("/cb"));
                partial = charge(client, shop, callbacks.url("/cb"));
                bumped = charge(client, shop, callbacks.url("/cb"));
                String partialAddress = address(client, shop, partial);
                send(payer, address(client, shop, whole), 30_000);
                send(payer, partialAddress, 10_000);
                awaitStatus(client, shop, whole, "processing");
                awaitStatus(client, shop, partial, "underpaid");
                assertEquals(200, payer.post("/simulator/onchain/mine", "{\"blocks\": 1}", null).status());
                awaitStatus(client, shop, whole, "paid");
                String original = send(payer, address(client, shop, bumped), 30_000);
                // The peer shows in order: once this payment, sent after the block, is seen, so was the block.
                awaitStatus(client, shop, bumped, "processing");
                till.kill();

                // While Till is down: the rest of one charge in the mempool, and the payment of another replaced by a
                // smaller one, mined: only the block, caught up from the last one Till saw, shows it replaced.
                send(payer, partialAddress, 20_000);
                assertEquals(200, payer.post("/simulator/onchain/bump/" + original, "{\"amountSat\": 25000}", null).status());
                assertEquals(200, payer.post("/simulator/onchain/mine", "{\"blocks\": 1}", null).status());
                till = ChildProcess.start(List.of(), env, root.resolve("till.log"), READY);
                awaitStatus(client, shop, whole, "paid");
                awaitStatus(client, shop, partial, "paid");
                awaitStatus(client, shop, bumped, "underpaid");
                assertEquals(5000, charge(client, shop, bumped, "missing_amt").asLong());
                assertEquals(1, charge(client, shop, whole, "transactions").size());
                assertEquals(2, charge(client, shop, partial, "transactions").size());
                assertEquals(60_000_000, client.balance(shop));
                Await.until("both paid callbacks", WAIT, () -> paidCallbacks(callbacks, whole) == 1 && paidCallbacks(callbacks, partial) == 1);
            } finally {
                till.close();
            }
            assertEquals(1, paidCallbacks(callbacks, whole));
            assertEquals(1, paidCallbacks(callbacks, partial));
            try (Database database = TestDatabase.open(root.resolve("till"))) {
                long ledger = database.jdbi().withExtension(AccountDao.class, dao -> dao.ledgerSum(shop.accountId()));
                assertEquals(60_000_000, ledger, "each charge credited once");
                int credits = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM ledger WHERE account_id = :a AND kind = 'credit'").bind("a", shop.accountId())
                        .mapTo(Integer.class).one());
                assertEquals(2, credits);
            }
        }
    }

    private static String charge(TillClient client, Shop shop, String callbackUrl) {
        TillClient.Response created = client.post("/v1/charges", "{\"amount\": 30000, \"callback_url\": \"" + callbackUrl + "\"}",
                shop.apiKey());
        assertEquals(201, created.status(), created.body());
        return created.json().get("data").get("id").asText();
    }

    private static JsonNode charge(TillClient client, Shop shop, String id, String field) {
        return client.get("/v1/charge/" + id, shop.apiKey()).json().get("data").get(field);
    }

    private static String address(TillClient client, Shop shop, String id) {
        return charge(client, shop, id, "address").asText();
    }

    private static String send(TillClient payer, String address, long amountSat) {
        TillClient.Response sent = payer.post("/simulator/onchain/send", "{\"address\": \"" + address + "\", \"amountSat\": "
                + amountSat + ", \"replaceable\": true}", null);
        assertTrue(sent.status() == 200, sent.body());
        return sent.json().get("txid").asText();
    }

    private static void awaitStatus(TillClient client, Shop shop, String id, String status) {
        Await.until(id + " " + status, WAIT, () -> status.equals(charge(client, shop, id, "status").asText()));
    }

    private static long paidCallbacks(WebhookReceiver callbacks, String id) {
        return callbacks.all.stream().map(r -> r.body())
                .filter(body -> body.contains("id=" + id + "&") && URLDecoder.decode(body, StandardCharsets.UTF_8).contains("&status=paid&"))
                .count();
    }
}
