package till.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.OpenNodeCallbacks;
import till.TestAddresses;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.node.sim.SimChain;

/**
 * OpenNode's refunds over real HTTP against the simulated chain: an underpaid charge's outputs go back to the payer's
 * address (the node's withdraw lands in the simulated mempool), the charge becomes refunded and says so in its JSON and
 * its callback; a bad or foreign request sends nothing.
 */
class RefundApiTest {
    static final long AMOUNT_SAT = 100_000;
    static TestTill server;
    static TillClient simulator;
    static SimChain chain;
    static WebhookReceiver callbacks;
    static Shop shop;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true",
                "TILL_WEBHOOK_RETRY_SCHEDULE", "200ms"));
        simulator = new TillClient(server.till.simNode().baseUrl());
        chain = server.till.simNode().chain();
        callbacks = new WebhookReceiver(r -> WebhookReceiver.Answer.of(200));
        shop = server.createShop(10_000);
    }

    @AfterAll
    static void stop() {
        callbacks.close();
        server.close();
    }

    private static JsonNode charge(String id) {
        return server.get("/v1/charge/" + id, shop.apiKey()).json().get("data");
    }

    /** A charge of {@link #AMOUNT_SAT}, paid {@code paidSat} on-chain in one output, mined; answers it once Till sees it. */
    private static JsonNode chargePaidOnchain(long paidSat, String expectedStatus) {
        String path = "/refunds/" + System.nanoTime();
        Response created = server.post("/v1/charges", "{\"amount\": " + AMOUNT_SAT + ", \"description\": \"Order 7\", "
                + "\"callback_url\": \"" + callbacks.url(path) + "\"}", shop.apiKey());
        assertEquals(201, created.status(), created.body());
        JsonNode charge = created.json().get("data");
        String address = charge.get("address").asText();
        assertTrue(address.startsWith("bcrt1"), address);
        assertEquals(200, simulator.post("/simulator/onchain/send", "{\"address\": \"" + address + "\", \"amountSat\": "
                + paidSat + "}", null).status());
        assertEquals(200, simulator.post("/simulator/onchain/mine", "{\"blocks\": 1}", null).status());
        String id = charge.get("id").asText();
        // Mined as the node sees it, not only seen in the mempool: the node refunds only what it has seen mined.
        Await.until("the charge " + expectedStatus + " and its output confirmed", Duration.ofSeconds(15), () -> {
            JsonNode now = charge(id);
            return now.get("status").asText().equals(expectedStatus)
                    && now.get("transactions").size() == 1 && now.get("transactions").get(0).get("status").asText().equals("confirmed");
        });
        return charge(id);
    }

    private static Response refund(String key, String chargeId, String address) {
        return server.post("/v1/refunds", "{\"checkout_id\": \"" + chargeId + "\", \"address\": \"" + address
                + "\", \"email\": \"payer@example.com\"}", key);
    }

    private static List<Map<String, String>> callbacksFor(String chargeId) {
        List<Map<String, String>> forms = new ArrayList<>();
        for (WebhookReceiver.Received r : callbacks.all) {
            Map<String, String> form = OpenNodeCallbacks.form(r.body());
            if (chargeId.equals(form.get("id"))) {
                forms.add(form);
            }
        }
        return forms;
    }

    @Test
    void anUnderpaidChargesOutputsGoBackToThePayer() {
        JsonNode charge = chargePaidOnchain(40_000, "underpaid");
        String id = charge.get("id").asText();
        assertEquals(60_000, charge.get("missing_amt").asLong());
        String paidTx = charge.get("transactions").get(0).get("tx").asText();
        String payer = TestAddresses.regtest(11);

        Response refunded = refund(shop.apiKey(), id, payer);
        assertEquals(201, refunded.status(), refunded.body());
        JsonNode refund = refunded.json().get("data");
        assertEquals(id, refund.get("checkout_id").asText());
        assertEquals(payer, refund.get("address").asText());
        assertEquals(40_000, refund.get("amount").asLong());
        assertEquals("sent", refund.get("status").asText());
        assertEquals("payer@example.com", refund.get("email").asText());
        String tx = refund.get("tx").asText();
        assertTrue(tx.matches("[0-9a-f]{64}"), tx);
        assertTrue(refund.get("processed_at").isIntegralNumber());

        // The node's withdraw is in the mempool: it spends the charge's output and pays the payer, less the fee.
        Transaction sent = chain.mempoolTransaction(Sha256Hash.wrap(tx)).orElseThrow();
        assertEquals(Set.of(paidTx), spentTxids(sent));
        assertEquals(1, sent.getOutputs().size());
        TransactionOutput out = sent.getOutput(0);
        assertEquals(payer, out.getScriptPubKey().getToAddress(chain.network()).toString());
        assertTrue(out.getValue().value < 40_000 && out.getValue().value > 35_000, "40000 sat less a network fee: " + out.getValue());

        JsonNode after = charge(id);
        assertEquals("refunded", after.get("status").asText());
        assertEquals(tx, after.get("refund").get("tx").asText());
        assertEquals(refund, server.get("/v1/refund/" + refund.get("id").asText(), shop.apiKey()).json().get("data"));
        Set<String> listed = new HashSet<>();
        server.get("/v1/refunds", shop.apiKey()).json().get("data").forEach(r -> listed.add(r.get("id").asText()));
        assertTrue(listed.contains(refund.get("id").asText()));
        server.get("/v1/charges", shop.apiKey()).json().get("data").forEach(c -> assertNotEquals(id, c.get("id").asText(),
                "GET /v1/charges lists paid charges only, as OpenNode's libraries use it"));

        Await.until("the refunded callback", Duration.ofSeconds(10),
                () -> callbacksFor(id).stream().anyMatch(f -> "refunded".equals(f.get("status"))));
        assertEquals(List.of("underpaid", "refunded"), callbacksFor(id).stream().map(f -> f.get("status")).toList());
        assertEquals(0, server.balance(shop), "an underpaid charge credits nothing, and its refund debits nothing");
        server.assertLedgerMatches(shop);
    }

    @Test
    void anAddressOfAnotherNetworkIsRefusedBeforeTheNodeIsAsked() {
        JsonNode charge = chargePaidOnchain(30_000, "underpaid");
        String id = charge.get("id").asText();
        int mempool = chain.mempool().size();
        for (String foreign : new String[] {TestAddresses.testnet(12), TestAddresses.mainnet(12)}) {
            Response refused = refund(shop.apiKey(), id, foreign);
            assertEquals(400, refused.status(), refused.body());
            assertEquals("refund_address_wrong_network", refused.json().get("code").asText());
            assertEquals("address", refused.json().get("field").asText());
            assertFalse(refused.json().get("success").asBoolean(), "OpenNode's error shape");
        }
        Response garbage = refund(shop.apiKey(), id, "bcrt1notanaddress");
        assertEquals(400, garbage.status());
        assertEquals("refund_address_invalid", garbage.json().get("code").asText());
        assertEquals(mempool, chain.mempool().size(), "nothing sent");
        assertEquals("underpaid", charge(id).get("status").asText());
        assertFalse(charge(id).has("refund"));

        // The refusal left nothing behind: a good address refunds it after all.
        assertEquals(201, refund(shop.apiKey(), id, TestAddresses.regtest(12)).status());
    }

    @Test
    void askingAgainAnswersTheSameRefundAndTwoAtOnceSendOnce() throws Exception {
        String id = chargePaidOnchain(25_000, "underpaid").get("id").asText();
        int mempool = chain.mempool().size();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String address = TestAddresses.regtest(20 + i);
            answers.add(pool.submit((Callable<Response>) () -> refund(shop.apiKey(), id, address)));
        }
        List<Integer> statuses = new ArrayList<>();
        Set<String> refundIds = new HashSet<>();
        for (Future<Response> answer : answers) {
            Response r = answer.get();
            assertTrue(r.status() == 200 || r.status() == 201, r.body());
            statuses.add(r.status());
            refundIds.add(r.json().get("data").get("id").asText());
        }
        pool.shutdown();
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "one request sends: " + statuses);
        assertEquals(3, statuses.stream().filter(s -> s == 200).count(), "the others answer its refund: " + statuses);
        assertEquals(1, refundIds.size());
        assertEquals(mempool + 1, chain.mempool().size(), "one withdraw");

        JsonNode first = server.get("/v1/refund/" + refundIds.iterator().next(), shop.apiKey()).json().get("data");
        Response again = refund(shop.apiKey(), id, TestAddresses.regtest(30));
        assertEquals(200, again.status());
        assertEquals(first, again.json().get("data"), "the refund as it was, to its own address");
        assertEquals(mempool + 1, chain.mempool().size(), "still one withdraw");
    }

    @Test
    void onlyAnUnderpaidChargeCanBeRefunded() {
        Response unpaid = server.post("/v1/charges", "{\"amount\": 1000}", shop.apiKey());
        Response refused = refund(shop.apiKey(), unpaid.json().get("data").get("id").asText(), TestAddresses.regtest(40));
        assertEquals(409, refused.status(), refused.body());
        assertEquals("charge_not_underpaid", refused.json().get("code").asText());

        JsonNode paid = chargePaidOnchain(AMOUNT_SAT, "paid");
        int mempool = chain.mempool().size();
        Response notUnderpaid = refund(shop.apiKey(), paid.get("id").asText(), TestAddresses.regtest(41));
        assertEquals(409, notUnderpaid.status());
        assertEquals("charge_not_underpaid", notUnderpaid.json().get("code").asText());
        assertEquals(mempool, chain.mempool().size());
        assertEquals("paid", charge(paid.get("id").asText()).get("status").asText());
    }

    @Test
    void anotherAccountsChargeIsNotFoundAndNothingIsSent() {
        JsonNode charge = chargePaidOnchain(15_000, "underpaid");
        String id = charge.get("id").asText();
        Shop other = server.createShop(0);
        int mempool = chain.mempool().size();
        Response foreign = refund(other.apiKey(), id, TestAddresses.regtest(50));
        assertEquals(404, foreign.status(), foreign.body());
        assertEquals(401, refund("wrong-key", id, TestAddresses.regtest(50)).status());
        assertEquals(mempool, chain.mempool().size());
        assertEquals("underpaid", charge(id).get("status").asText());

        Response mine = refund(shop.apiKey(), id, TestAddresses.regtest(51));
        assertEquals(201, mine.status(), mine.body());
        String refundId = mine.json().get("data").get("id").asText();
        assertEquals(404, server.get("/v1/refund/" + refundId, other.apiKey()).status());
        server.get("/v1/refunds", other.apiKey()).json().get("data")
                .forEach(r -> assertFalse(r.get("id").asText().equals(refundId)));
        assertEquals(403, server.get("/v1/refunds", TestTill.ADMIN_KEY).status(), "refunds are listed per account");
        assertEquals(200, server.get("/v1/refund/" + refundId, TestTill.ADMIN_KEY).status());
    }

    @Test
    void aPaymentOnlyInTheMempoolIsRefundedOnceMined() {
        JsonNode charge = server.post("/v1/charges", "{\"amount\": " + AMOUNT_SAT + "}", shop.apiKey()).json().get("data");
        String id = charge.get("id").asText();
        simulator.post("/simulator/onchain/send", "{\"address\": \"" + charge.get("address").asText() + "\", \"amountSat\": 30000}", null);
        Await.until("underpaid from the mempool (the simulated bitcoind is Till's peer)", Duration.ofSeconds(15),
                () -> charge(id).get("status").asText().equals("underpaid"));
        int mempool = chain.mempool().size();
        Response early = refund(shop.apiKey(), id, TestAddresses.regtest(70));
        assertEquals(409, early.status(), early.body());
        assertEquals("refund_not_confirmed", early.json().get("code").asText());
        assertEquals(mempool, chain.mempool().size(), "nothing sent");

        simulator.post("/simulator/onchain/mine", "{\"blocks\": 1}", null);
        Await.until("the output mined", Duration.ofSeconds(15),
                () -> charge(id).get("transactions").get(0).get("status").asText().equals("confirmed"));
        assertEquals(201, refund(shop.apiKey(), id, TestAddresses.regtest(70)).status());
    }

    @Test
    void whatCannotCoverTheNetworkFeeIsNotSentAndLeavesNoRefund() {
        String id = chargePaidOnchain(1_000, "underpaid").get("id").asText();
        for (int attempt = 0; attempt < 2; attempt++) {
            Response refused = refund(shop.apiKey(), id, TestAddresses.regtest(60));
            assertEquals(422, refused.status(), refused.body());
            assertEquals("refund_too_small", refused.json().get("code").asText());
        }
        assertEquals("underpaid", charge(id).get("status").asText());
        server.get("/v1/refunds", shop.apiKey()).json().get("data")
                .forEach(r -> assertFalse(r.get("checkout_id").asText().equals(id), "no refund recorded"));
    }

    private static Set<String> spentTxids(Transaction tx) {
        Set<String> txids = new HashSet<>();
        for (TransactionInput input : tx.getInputs()) {
            txids.add(input.getOutpoint().hash().toString());
        }
        return txids;
    }
}
