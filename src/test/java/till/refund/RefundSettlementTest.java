package till.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static till.OpenNodeCallbacks.form;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import till.Await;
import till.MovableClock;
import till.TcpProxy;
import till.TestAddresses;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.node.sim.SimNode;

/**
 * Refunds whose sweep went unanswered, over real HTTP: Till talks to the simulated node through a proxy that can lose
 * the node's answers (the node still withdraws) or cut the node off. The refund stays pending, and once it is older
 * than {@link RefundSettlement#SETTLE_AFTER} (a movable clock) the node's wallet settles it: sent in the node's
 * transaction, or never sent and cleared.
 */
class RefundSettlementTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration PAST_SETTLE_AGE = RefundSettlement.SETTLE_AFTER.plusMinutes(1);

    private final MovableClock clock = new MovableClock();
    private final WebhookReceiver callbacks = new WebhookReceiver(r -> WebhookReceiver.Answer.of(200));
    private Path dir;
    private SimNode node;
    private TcpProxy proxy;
    private TillClient payer;
    private Map<String, String> env;
    private TestTill till;
    private Shop shop;

    @BeforeEach
    void start() {
        dir = TestTill.tempDir();
        node = SimNode.start(0, dir.resolve("node"), clock);
        proxy = new TcpProxy(node.port());
        payer = new TillClient(node.baseUrl());
        env = Map.of("CLN_REST_URL", "http://127.0.0.1:" + proxy.port(), "CLN_RUNE", "any",
                "TILL_WEBHOOK_ALLOW_PRIVATE", "true", "TILL_WEBHOOK_RETRY_SCHEDULE", "200ms");
        till = TestTill.start(dir.resolve("till"), env, clock);
        shop = till.createShop(0);
    }

    @AfterEach
    void stop() {
        callbacks.close();
        till.close();
        proxy.close();
        node.close();
    }

    @Test
    void aRefundWhoseRecordingWasLostIsCompletedAfterARestart() throws Exception {
        String id = underpaidCharge(40_000);
        String paidTx = charge(id).get("transactions").get(0).get("tx").asText();
        learnNetwork(id);
        proxy.loseAnswers(true);
        CompletableFuture<Response> asked = CompletableFuture.supplyAsync(() -> refund(id, TestAddresses.regtest(1)));
        Await.until("the node's withdraw in its mempool", WAIT, () -> spendersOf(paidTx).size() == 1);
        String sent = spendersOf(paidTx).get(0);

        // The node's answer never comes back, and Till stops: nothing of the withdraw was recorded.
        proxy.cut();
        asked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        till.close();
        proxy.loseAnswers(false);
        proxy.restore();
        clock.advance(PAST_SETTLE_AGE);
        till = TestTill.start(dir.resolve("till"), env, clock);

        JsonNode refund = awaitRefundSent(id);
        assertEquals(sent, refund.get("tx").asText(), "the node's transaction");
        assertEquals(40_000, refund.get("amount").asLong());
        assertEquals("refunded", charge(id).get("status").asText());
        assertEquals(sent, charge(id).get("refund").get("tx").asText());
        Await.until("the refunded callback", WAIT, () -> callbackStatuses(id).contains("refunded"));
        assertEquals(List.of(sent), spendersOf(paidTx), "sent once");
        assertAskingAgainSendsNothing(id, refund, paidTx);
        assertEquals(List.of("underpaid", "refunded"), callbackStatuses(id));
    }

    @Test
    void aSweepLeftUnansweredStaysPendingAndIsCompletedFromTheNodesWallet() throws Exception {
        String id = underpaidCharge(30_000);
        String paidTx = charge(id).get("transactions").get(0).get("tx").asText();
        learnNetwork(id);
        proxy.loseAnswers(true);
        CompletableFuture<Response> asked = CompletableFuture.supplyAsync(() -> refund(id, TestAddresses.regtest(2)));
        Await.until("the node's withdraw in its mempool", WAIT, () -> spendersOf(paidTx).size() == 1);
        String sent = spendersOf(paidTx).get(0);
        // The answer never comes: the call ends as the node being unreachable.
        proxy.cut();
        Response failed = asked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(503, failed.status(), failed.body());
        proxy.loseAnswers(false);
        proxy.restore();

        JsonNode pending = charge(id).get("refund");
        assertEquals("pending", pending.get("status").asText(), "kept for the settlement: " + charge(id));
        assertFalse(pending.has("tx") && !pending.get("tx").isNull(), pending.toString());
        Response again = refund(id, TestAddresses.regtest(3));
        assertEquals(200, again.status(), again.body());
        assertEquals("pending", again.json().get("data").get("status").asText(), "the refund as it stands");

        clock.advance(PAST_SETTLE_AGE);
        payer.post("/simulator/onchain/mine", "{\"blocks\": 1}", null);
        JsonNode refund = awaitRefundSent(id);
        assertEquals(sent, refund.get("tx").asText());
        assertEquals(pending.get("id").asText(), refund.get("id").asText());
        assertEquals("refunded", charge(id).get("status").asText());
        Await.until("the refunded callback", WAIT, () -> callbackStatuses(id).contains("refunded"));
        assertAskingAgainSendsNothing(id, refund, paidTx);
        assertEquals(List.of("underpaid", "refunded"), callbackStatuses(id));
    }

    @Test
    void aPendingRefundWhoseWithdrawNeverHappenedIsClearedAndCanBeAskedAgain() {
        String id = underpaidCharge(35_000);
        String paidTx = charge(id).get("transactions").get(0).get("tx").asText();
        learnNetwork(id);
        proxy.cut();
        Response failed = refund(id, TestAddresses.regtest(4));
        assertEquals(503, failed.status(), failed.body());
        assertEquals("pending", charge(id).get("refund").get("status").asText(), "kept: the node might have sent it");
        proxy.restore();

        // Two blocks, one after the other: the look at the wallet at the first is over once the second is looked at.
        mineAndAwaitLook();
        mineAndAwaitLook();
        assertEquals("pending", charge(id).get("refund").get("status").asText(), "younger than the settle age: untouched");

        clock.advance(PAST_SETTLE_AGE);
        payer.post("/simulator/onchain/mine", "{\"blocks\": 1}", null);
        Await.until("the pending refund cleared", WAIT, () -> !charge(id).has("refund"));
        assertEquals("underpaid", charge(id).get("status").asText());
        assertTrue(spendersOf(paidTx).isEmpty(), "nothing was sent");

        Response asked = refund(id, TestAddresses.regtest(5));
        assertEquals(201, asked.status(), asked.body());
        assertEquals("sent", asked.json().get("data").get("status").asText());
        assertEquals(List.of(asked.json().get("data").get("tx").asText()), spendersOf(paidTx));
        awaitStatus(id, "refunded");
    }

    /** Till asks the node's network at the first address it checks: before the node is cut off. */
    private void learnNetwork(String id) {
        assertEquals(400, refund(id, TestAddresses.mainnet(4)).status());
    }

    /** One block mined, and Till's on-chain watcher looking at the node's wallet at its height. */
    private void mineAndAwaitLook() {
        assertEquals(200, payer.post("/simulator/onchain/mine", "{\"blocks\": 1}", null).status());
        int height = node.chain().height();
        Await.until("the watcher at height " + height, WAIT, () -> till.get("/health", TestTill.ADMIN_KEY).json()
                .path("onchain").path("blockHeight").asInt() == height);
    }

    /** A new request answers the refund as it is, and the node is not asked again. */
    private void assertAskingAgainSendsNothing(String id, JsonNode refund, String paidTx) {
        Response again = refund(id, TestAddresses.regtest(9));
        assertEquals(200, again.status(), again.body());
        assertEquals(refund, again.json().get("data"));
        assertEquals(1, spendersOf(paidTx).size());
    }

    /** A charge paid {@code paidSat} of 100000 sat in one mined output, underpaid once Till's node lists it. */
    private String underpaidCharge(long paidSat) {
        Response created = till.post("/v1/charges", "{\"amount\": 100000, \"callback_url\": \""
                + callbacks.url("/cb") + "\"}", shop.apiKey());
        assertEquals(201, created.status(), created.body());
        String id = created.json().get("data").get("id").asText();
        String address = created.json().get("data").get("address").asText();
        assertEquals(200, payer.post("/simulator/onchain/send", "{\"address\": \"" + address + "\", \"amountSat\": "
                + paidSat + "}", null).status());
        assertEquals(200, payer.post("/simulator/onchain/mine", "{\"blocks\": 1}", null).status());
        awaitStatus(id, "underpaid");
        return id;
    }

    private JsonNode awaitRefundSent(String id) {
        Await.until("the refund sent", WAIT, () -> charge(id).has("refund")
                && charge(id).get("refund").get("status").asText().equals("sent"));
        return till.get("/v1/refund/" + charge(id).get("refund").get("id").asText(), shop.apiKey()).json().get("data");
    }

    private void awaitStatus(String id, String status) {
        Await.until("charge " + status, WAIT, () -> charge(id).get("status").asText().equals(status));
    }

    private JsonNode charge(String id) {
        return till.get("/v1/charge/" + id, shop.apiKey()).json().get("data");
    }

    private Response refund(String chargeId, String address) {
        return till.post("/v1/refunds", "{\"checkout_id\": \"" + chargeId + "\", \"address\": \"" + address + "\"}",
                shop.apiKey());
    }

    /** The transactions in the simulated mempool or chain that spend an output of {@code txid}. */
    private List<String> spendersOf(String txid) {
        return java.util.stream.Stream.concat(node.chain().mempool().stream(), node.chain().everMined().stream())
                .filter(tx -> spends(tx, txid)).map(tx -> tx.getTxId().toString()).distinct().toList();
    }

    private static boolean spends(Transaction tx, String txid) {
        for (TransactionInput input : tx.getInputs()) {
            if (input.getOutpoint().hash().toString().equals(txid)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The charge's callbacks, one per delivery: delivery is at least once, so a callback sent just before Till stopped,
     * whose answer it never recorded, comes again after the restart with the same webhook-id (receivers de-duplicate).
     */
    private List<String> callbackStatuses(String chargeId) {
        Set<String> seen = new HashSet<>();
        return callbacks.all.stream().filter(r -> seen.add(r.header("webhook-id"))).map(r -> form(r.body()))
                .filter(f -> chargeId.equals(f.get("id"))).map(f -> f.get("status")).toList();
    }
}
