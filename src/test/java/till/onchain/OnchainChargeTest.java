package till.onchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.Await;
import till.ChildProcess;
import till.MovableClock;
import till.TestTill;
import till.TillClient;
import till.node.sim.SimNode;
import till.node.sim.SimPeerServer;

/**
 * Charges paid on-chain, over real HTTP, against the simulated chain, its node's wallet and its bitcoind peer: what
 * the charge JSON and the callbacks say at each step, and the ledger (credited once, when paid) after each.
 */
class OnchainChargeTest {
    private static final long AMOUNT = 20_000;
    private static final long CREDIT = ChainFixture.credit(AMOUNT * 1000);

    @Test
    void aFullPaymentIsProcessingWhenSeenThenPaidAtTheConfiguredConfirmations() throws Exception {
        try (ChainFixture chain = new ChainFixture(2, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String address = charge.get("address").asText();
            assertTrue(address.startsWith("bcrt1"), address);
            assertEquals(address, charge.get("chain_invoice").get("address").asText());
            assertEquals("bitcoin:" + address + "?amount=0.0002&label=Order%207%20%26%20co&lightning="
                    + charge.get("lightning_invoice").get("payreq").asText(), charge.get("uri").asText());
            String txid = chain.send(address, AMOUNT, false);

            Map<String, String> processing = chain.nextCallback(charge.get("id").asText());
            assertEquals("processing", processing.get("status"));
            assertEquals(address, processing.get("address"));
            assertEquals(txid, processing.get("transactions[0][tx]"));
            assertEquals("pending", processing.get("transactions[0][status]"));
            assertEquals(Long.toString(AMOUNT), processing.get("transactions[0][amount]"));
            assertEquals("", processing.get("transactions[0][settled_at]"));
            assertFalse(processing.containsKey("missing_amt"));
            JsonNode seen = chain.charge(charge.get("id").asText());
            assertEquals("processing", seen.get("status").asText());
            assertEquals(txid, seen.get("transactions").get(0).get("tx").asText());
            assertEquals(0, chain.balance(), "never credited at processing");

            chain.mine(1);
            // One confirmation of two: still processing (the peer shows the block within milliseconds).
            assertStaysProcessing(chain, charge.get("id").asText());
            chain.mine(1);
            Map<String, String> paid = chain.nextCallback(charge.get("id").asText());
            assertEquals("paid", paid.get("status"));
            assertEquals("confirmed", paid.get("transactions[0][status]"));
            assertFalse(paid.get("transactions[0][settled_at]").isEmpty());
            JsonNode settled = chain.charge(charge.get("id").asText());
            assertEquals("paid", settled.get("status").asText());
            assertFalse(settled.get("transactions").get(0).get("settled_at").isNull());
            assertEquals(CREDIT, chain.balance());
            chain.assertLedgerMatches();
            assertEquals(List.of("processing", "paid"), chain.callbackStatuses(charge.get("id").asText()));
        }
    }

    @Test
    void twoPartialPaymentsAreUnderpaidWithWhatIsMissingThenProcessingAndPaid() throws Exception {
        try (ChainFixture chain = new ChainFixture(1, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String id = charge.get("id").asText();
            String address = charge.get("address").asText();
            chain.send(address, 8_000, false);
            Map<String, String> first = chain.nextCallback(id);
            assertEquals("underpaid", first.get("status"));
            assertEquals("12000", first.get("missing_amt"));
            chain.send(address, 5_000, false);
            Await.until("both payments listed", ChainFixture.WAIT, () -> chain.charge(id).get("transactions").size() == 2);
            JsonNode underpaid = chain.charge(id);
            assertEquals("underpaid", underpaid.get("status").asText());
            assertEquals(7_000, underpaid.get("missing_amt").asLong());
            JsonNode transaction = chain.transactionOf(address);
            assertEquals("underpaid", transaction.get("status").asText());
            assertEquals(7_000_000, transaction.get("onchain").get("missingMsat").asLong());
            assertEquals(2, transaction.get("onchain").get("outputs").size());
            chain.send(address, 7_000, false);
            assertEquals("processing", chain.nextCallback(id).get("status"));
            assertTrue(chain.charge(id).get("missing_amt").isNull());
            assertEquals(0, chain.balance());
            chain.mine(1);
            Map<String, String> paid = chain.nextCallback(id);
            assertEquals("paid", paid.get("status"));
            assertEquals("confirmed", paid.get("transactions[2][status]"));
            assertEquals(CREDIT, chain.balance());
            chain.assertLedgerMatches();
        }
    }

    @Test
    void anOverpaymentIsCreditedWholeAndShownAsOverpaidBy() throws Exception {
        try (ChainFixture chain = new ChainFixture(1, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String id = charge.get("id").asText();
            chain.send(charge.get("address").asText(), AMOUNT + 5_000, false);
            Map<String, String> processing = chain.nextCallback(id);
            assertEquals("processing", processing.get("status"));
            assertEquals("5000", processing.get("overpaid_by"));
            chain.mine(1);
            assertEquals("paid", chain.nextCallback(id).get("status"));
            assertEquals(5_000, chain.charge(id).get("overpaid_by").asLong());
            long received = (AMOUNT + 5_000) * 1000;
            assertEquals(ChainFixture.credit(received), chain.balance());
            chain.assertLedgerMatches();
        }
    }

    @Test
    void aPaymentAfterExpiryStillCountsAndTheShopIsTold() throws Exception {
        MovableClock clock = new MovableClock();
        try (ChainFixture chain = new ChainFixture(1, true, clock, Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 1);
            String id = charge.get("id").asText();
            clock.advance(Duration.ofMinutes(2));
            assertEquals("expired", chain.nextCallback(id).get("status"));
            chain.send(charge.get("address").asText(), AMOUNT, false);
            assertEquals("processing", chain.nextCallback(id).get("status"));
            chain.mine(1);
            assertEquals("paid", chain.nextCallback(id).get("status"));
            assertEquals(CREDIT, chain.balance());
            chain.assertLedgerMatches();
        }
    }

    @Test
    void aReplacementThatLowersTheAmountMakesTheChargeUnderpaid() throws Exception {
        try (ChainFixture chain = new ChainFixture(1, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String id = charge.get("id").asText();
            String original = chain.send(charge.get("address").asText(), AMOUNT, true);
            assertEquals("processing", chain.nextCallback(id).get("status"));
            String replacement = chain.bump(original, 15_000);
            Map<String, String> underpaid = chain.nextCallback(id);
            assertEquals("underpaid", underpaid.get("status"));
            assertEquals("5000", underpaid.get("missing_amt"));
            JsonNode after = chain.charge(id);
            assertEquals(original, after.get("transactions").get(0).get("tx").asText());
            assertEquals("replaced", after.get("transactions").get(0).get("status").asText());
            assertEquals(replacement, after.get("transactions").get(1).get("tx").asText());
            chain.mine(1);
            Await.until("the replacement confirmed", ChainFixture.WAIT,
                    () -> chain.charge(id).get("transactions").get(1).get("status").asText().equals("confirmed"));
            assertEquals("underpaid", chain.charge(id).get("status").asText());
            assertEquals(0, chain.balance());
            chain.assertLedgerMatches();
        }
    }

    @Test
    void aReorgThatRemovesTheConfirmingBlockMovesThePaidChargeBackAndNeverCreditsTwice() throws Exception {
        try (ChainFixture chain = new ChainFixture(1, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String id = charge.get("id").asText();
            chain.send(charge.get("address").asText(), AMOUNT, false);
            assertEquals("processing", chain.nextCallback(id).get("status"));
            chain.mine(1);
            assertEquals("paid", chain.nextCallback(id).get("status"));
            assertEquals(CREDIT, chain.balance());

            chain.reorg(1, false); // the payment goes back to the mempool
            Map<String, String> back = chain.nextCallback(id);
            assertEquals("processing", back.get("status"));
            assertEquals("pending", back.get("transactions[0][status]"));
            assertEquals(CREDIT, chain.balance(), "the credit stays");
            chain.mine(1);
            assertEquals("paid", chain.nextCallback(id).get("status"));
            assertEquals(CREDIT, chain.balance(), "and is not made again");
            chain.assertLedgerMatches();

            JsonNode second = chain.createCharge(AMOUNT, 60);
            String secondId = second.get("id").asText();
            chain.send(second.get("address").asText(), AMOUNT, false);
            assertEquals("processing", chain.nextCallback(secondId).get("status"));
            chain.mine(1);
            assertEquals("paid", chain.nextCallback(secondId).get("status"));
            chain.reorg(1, true); // the payer double-spends it in the new chain
            // The node may show the output unconfirmed (processing) before the peer shows the block that double-spends it.
            Map<String, String> gone = chain.nextCallback(secondId);
            if (gone.get("status").equals("processing")) {
                gone = chain.nextCallback(secondId);
            }
            assertEquals("unpaid", gone.get("status"));
            assertEquals("replaced", gone.get("transactions[0][status]"));
            assertEquals(2 * CREDIT, chain.balance(), "a credit made stays: the operator settles it with the shop");
            chain.assertLedgerMatches();
        }
    }

    @Test
    void withoutConfirmationsASeenPaymentIsPaid() throws Exception {
        try (ChainFixture chain = new ChainFixture(0, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            chain.send(charge.get("address").asText(), AMOUNT, false);
            assertEquals("paid", chain.nextCallback(charge.get("id").asText()).get("status"));
            assertEquals(CREDIT, chain.balance());
            chain.assertLedgerMatches();
        }
    }

    @Test
    void withoutAPeerAChargeGoesFromUnpaidStraightToPaidWhenMined() throws Exception {
        try (ChainFixture chain = new ChainFixture(1, false, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String id = charge.get("id").asText();
            chain.send(charge.get("address").asText(), AMOUNT, false);
            chain.mine(1);
            assertEquals("paid", chain.nextCallback(id).get("status"));
            assertEquals(List.of("paid"), chain.callbackStatuses(id));
            assertEquals(CREDIT, chain.balance());
            chain.assertLedgerMatches();
        }
    }

    @Test
    void whileThePeerIsAwayAPaymentIsFoundWhenMinedAndTheNextOneIsSeenAgain() throws Exception {
        try (ChainFixture chain = new ChainFixture(1, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String id = charge.get("id").asText();
            chain.peerDown();
            Await.until("the operator sees the peer away", ChainFixture.WAIT, () -> peerState(chain).equals("disconnected"));
            chain.send(charge.get("address").asText(), AMOUNT, false);
            chain.mine(1);
            assertEquals("paid", chain.nextCallback(id).get("status"));
            chain.peerUp();
            JsonNode next = chain.createCharge(AMOUNT, 60);
            chain.send(next.get("address").asText(), AMOUNT, false);
            assertEquals("processing", chain.nextCallback(next.get("id").asText()).get("status"));
            assertEquals(CREDIT, chain.balance());
            chain.assertLedgerMatches();
        }
    }

    @Test
    void withTheEmbeddedSimulatedNodeItsBitcoindIsThePeerAndItsPayerIsOnTillsPort() {
        try (TestTill till = TestTill.start()) {
            // A transaction broadcast before the peer's handshake is not announced to it: the operator sees the peer.
            Await.until("the peer connected", ChainFixture.WAIT, () -> till.get("/health", TestTill.ADMIN_KEY).json()
                    .path("onchain").path("bitcoinPeer").asText().equals("connected"));
            JsonNode onchain = till.get("/health", TestTill.ADMIN_KEY).json().get("onchain");
            assertEquals(true, onchain.get("enabled").asBoolean());
            assertEquals(1, onchain.get("confirmations").asInt());
            assertEquals(101, onchain.get("blockHeight").asInt(), "a fresh simulated chain's height");
            TillClient.Shop shop = till.createShop(0);
            JsonNode charge = till.post("/v1/charges", "{\"amount\": 1000}", shop.apiKey()).json().get("data");
            TillClient.Response sent = till.post("/simulator/onchain/send", "{\"address\": \"" + charge.get("address").asText()
                    + "\", \"amountSat\": 1000}", null);
            assertEquals(200, sent.status(), sent.body());
            String id = charge.get("id").asText();
            Await.until("seen in the mempool", ChainFixture.WAIT, () -> till.get("/v1/charge/" + id, shop.apiKey()).json()
                    .get("data").get("status").asText().equals("processing"));
        }
    }

    @Test
    void aNodeDownWhenTillStartsStillGivesThePeerOnceItAnswers() throws Exception {
        int nodePort = ChildProcess.freePort();
        int peerPort = ChildProcess.freePort();
        Path dir = TestTill.tempDir();
        try (TestTill till = TestTill.start(dir.resolve("till"), Map.of("CLN_REST_URL", "http://127.0.0.1:" + nodePort,
                "CLN_RUNE", "any", "TILL_BITCOIN_PEER", "127.0.0.1:" + peerPort));
             SimNode node = SimNode.start(nodePort, dir.resolve("node"));
             SimPeerServer peer = SimPeerServer.start(node.chain(), peerPort)) {
            Await.until("Till's peer connected", ChainFixture.WAIT, () -> peer.connectionCount() == 1);
            TillClient.Shop shop = till.createShop(0);
            JsonNode charge = till.post("/v1/charges", "{\"amount\": 1000}", shop.apiKey()).json().get("data");
            TillClient payer = new TillClient(node.baseUrl());
            assertEquals(200, payer.post("/simulator/onchain/send", "{\"address\": \"" + charge.get("address").asText()
                    + "\", \"amountSat\": 1000}", null).status());
            String id = charge.get("id").asText();
            Await.until("seen in the mempool", ChainFixture.WAIT, () -> till.get("/v1/charge/" + id, shop.apiKey()).json()
                    .get("data").get("status").asText().equals("processing"));
        }
    }

    @Test
    void withOnchainOffAChargeIsLightningOnly() {
        try (ChainFixture chain = new ChainFixture(1, false, Clock.systemUTC(), Map.of("TILL_ONCHAIN", "false"))) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            assertTrue(charge.get("address").isNull());
            assertTrue(charge.get("chain_invoice").isNull());
            assertTrue(charge.get("uri").asText().startsWith("lightning:"));
            assertEquals(0, charge.get("transactions").size());
            assertEquals(false, chain.till.get("/health", TestTill.ADMIN_KEY).json().get("onchain").get("enabled").asBoolean());
        }
    }

    private static String peerState(ChainFixture chain) {
        return chain.till.get("/health", TestTill.ADMIN_KEY).json().path("onchain").path("bitcoinPeer").asText();
    }

    private static void assertStaysProcessing(ChainFixture chain, String id) {
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < until) {
            assertEquals("processing", chain.charge(id).get("status").asText());
        }
    }
}
