package till.onchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestTill;
import till.TillClient;

/**
 * Money that reaches a charge after its credit is never lost: an on-chain output confirmed after the charge was credited
 * (paid again, an overpayment confirmed a block later, an on-chain payment of a charge paid over Lightning) and a
 * Lightning payment of a charge paid on-chain are each an unmatched payment, credited in full once, listed for the
 * admin; never at pending, never for a replaced output. Over real HTTP, against the simulated chain.
 */
class OnchainUnmatchedTest {
    private static final long AMOUNT = 20_000;
    private static final long CREDIT = ChainFixture.credit(AMOUNT * 1000);

    @Test
    void aSecondPaymentAfterPaidIsCreditedOnceAsUnmatchedAlsoAfterARestart() throws Exception {
        try (ChainFixture chain = new ChainFixture(1, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String id = charge.get("id").asText();
            String address = charge.get("address").asText();
            paidOnchain(chain, charge);

            String second = chain.send(address, 3_000, false);
            Await.until("the second payment seen", ChainFixture.WAIT, () -> chain.charge(id).get("transactions").size() == 2);
            assertEquals(CREDIT, chain.balance(), "never credited at pending");
            assertEquals(List.of(), unmatched(chain, address), "nothing unmatched at pending");
            chain.mine(1);
            String outpoint = outpoint(chain, address, second);
            Await.until("the second payment unmatched", ChainFixture.WAIT, () -> unmatched(chain, address).size() == 1);
            JsonNode listed = unmatched(chain, address).get(0);
            assertEquals("onchain", listed.get("rail").asText());
            assertEquals(outpoint, listed.get("reference").asText());
            assertTrue(listed.get("payIndex").isNull());
            assertEquals(3_000_000, listed.get("amountMsat").asLong());
            assertEquals(CREDIT + 3_000_000, chain.balance(), "credited in full");
            chain.assertLedgerMatches();

            chain.restartTill();
            chain.mine(1);
            Await.until("the restarted Till saw the new block", ChainFixture.WAIT, () -> chain.till.get("/health", TestTill.ADMIN_KEY)
                    .json().path("onchain").path("blockHeight").asInt() == chain.node.chain().height());
            assertEquals(1, unmatched(chain, address).size());
            assertEquals(CREDIT + 3_000_000, chain.balance(), "not credited again");
            chain.assertLedgerMatches();
        }
    }

    @Test
    void anOverpaymentWhoseExtraOutputConfirmsABlockLaterIsUnmatched() throws Exception {
        try (ChainFixture chain = new ChainFixture(2, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String id = charge.get("id").asText();
            String address = charge.get("address").asText();
            chain.send(address, AMOUNT, false);
            assertEquals("processing", chain.nextCallback(id).get("status"));
            chain.mine(1);
            String extra = chain.send(address, 5_000, false);
            Await.until("the extra output seen", ChainFixture.WAIT, () -> chain.charge(id).get("transactions").size() == 2);
            chain.mine(1); // the first output has its two confirmations, the extra one only one
            assertEquals("paid", chain.nextCallback(id).get("status"));
            assertEquals(CREDIT, chain.balance());
            assertEquals(5_000, chain.charge(id).get("overpaid_by").asLong());
            assertEquals(List.of(), unmatched(chain, address));

            chain.mine(1);
            Await.until("the extra output unmatched", ChainFixture.WAIT, () -> unmatched(chain, address).size() == 1);
            assertEquals(outpoint(chain, address, extra), unmatched(chain, address).get(0).get("reference").asText());
            assertEquals(CREDIT + 5_000_000, chain.balance());
            chain.mine(1);
            Await.until("the deeper block seen", ChainFixture.WAIT, () -> chain.transactionOf(address).get("onchain")
                    .get("outputs").get(1).get("status").asText().equals("confirmed"));
            assertEquals(1, unmatched(chain, address).size());
            assertEquals(CREDIT + 5_000_000, chain.balance());
            chain.assertLedgerMatches();
        }
    }

    @Test
    void anOnchainPaymentOfAChargePaidOverLightningIsUnmatched() throws Exception {
        try (ChainFixture chain = new ChainFixture(1, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String id = charge.get("id").asText();
            String address = charge.get("address").asText();
            payOverLightning(chain, address);
            assertEquals("paid", chain.nextCallback(id).get("status"));
            assertEquals(CREDIT, chain.balance());

            String txid = chain.send(address, AMOUNT, false);
            Await.until("the on-chain payment seen", ChainFixture.WAIT, () -> chain.charge(id).get("transactions").size() == 1);
            assertEquals(CREDIT, chain.balance(), "never credited at pending");
            chain.mine(1);
            Await.until("the on-chain payment unmatched", ChainFixture.WAIT, () -> unmatched(chain, address).size() == 1);
            JsonNode listed = unmatched(chain, address).get(0);
            assertEquals("onchain", listed.get("rail").asText());
            assertEquals(outpoint(chain, address, txid), listed.get("reference").asText());
            assertEquals(CREDIT + AMOUNT * 1000, chain.balance());
            chain.assertLedgerMatches();
        }
    }

    @Test
    void aLightningPaymentOfAChargePaidOnchainIsUnmatched() throws Exception {
        try (ChainFixture chain = new ChainFixture(1, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String address = charge.get("address").asText();
            paidOnchain(chain, charge);

            payOverLightning(chain, address);
            Await.until("the Lightning payment unmatched", ChainFixture.WAIT, () -> unmatched(chain, address).size() == 1);
            JsonNode listed = unmatched(chain, address).get(0);
            assertEquals("lightning", listed.get("rail").asText());
            assertEquals(listed.get("payIndex").asText(), listed.get("reference").asText());
            assertEquals(CREDIT + AMOUNT * 1000, chain.balance());
            chain.assertLedgerMatches();
        }
    }

    @Test
    void aLightningPaymentOfAChargeCreditedOnchainThenReorgedBackIsUnmatchedToo() throws Exception {
        try (ChainFixture chain = new ChainFixture(1, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String id = charge.get("id").asText();
            String address = charge.get("address").asText();
            paidOnchain(chain, charge);
            chain.reorg(1, false); // the payment goes back to the mempool; its credit stays
            assertEquals("processing", chain.nextCallback(id).get("status"));

            payOverLightning(chain, address);
            Await.until("the Lightning payment unmatched", ChainFixture.WAIT, () -> unmatched(chain, address).size() == 1);
            assertEquals("lightning", unmatched(chain, address).get(0).get("rail").asText());
            assertEquals(CREDIT + AMOUNT * 1000, chain.balance());
            chain.mine(1);
            assertEquals("paid", chain.nextCallback(id).get("status"));
            assertEquals(1, unmatched(chain, address).size());
            assertEquals(CREDIT + AMOUNT * 1000, chain.balance(), "the output confirmed again was counted in the credit");
            chain.assertLedgerMatches();
        }
    }

    @Test
    void aReplacedExtraOutputIsNeverCreditedItsReplacementIs() throws Exception {
        try (ChainFixture chain = new ChainFixture(1, true, Clock.systemUTC(), Map.of())) {
            JsonNode charge = chain.createCharge(AMOUNT, 60);
            String id = charge.get("id").asText();
            String address = charge.get("address").asText();
            paidOnchain(chain, charge);

            String original = chain.send(address, 3_000, true);
            Await.until("the extra output seen", ChainFixture.WAIT, () -> chain.charge(id).get("transactions").size() == 2);
            String replacement = chain.bump(original, 2_500);
            Await.until("the extra output replaced", ChainFixture.WAIT, () -> chain.charge(id).get("transactions").size() == 3
                    && chain.charge(id).get("transactions").get(1).get("status").asText().equals("replaced"));
            chain.mine(1);
            Await.until("the replacement unmatched", ChainFixture.WAIT, () -> unmatched(chain, address).size() == 1);
            assertEquals(outpoint(chain, address, replacement), unmatched(chain, address).get(0).get("reference").asText());
            assertEquals(CREDIT + 2_500_000, chain.balance(), "the replacement only");
            chain.mine(1);
            Await.until("the deeper block seen", ChainFixture.WAIT, () -> chain.transactionOf(address).get("onchain")
                    .get("outputs").get(2).get("status").asText().equals("confirmed"));
            assertEquals(1, unmatched(chain, address).size());
            assertEquals(CREDIT + 2_500_000, chain.balance());
            chain.assertLedgerMatches();
        }
    }

    /** The charge paid by one on-chain output of its amount, confirmed, and credited. */
    private static void paidOnchain(ChainFixture chain, JsonNode charge) throws InterruptedException {
        String id = charge.get("id").asText();
        chain.send(charge.get("address").asText(), AMOUNT, false);
        assertEquals("processing", chain.nextCallback(id).get("status"));
        chain.mine(1);
        assertEquals("paid", chain.nextCallback(id).get("status"));
        assertEquals(CREDIT, chain.balance());
    }

    /** The payer pays the charge's Lightning invoice on the simulated node. */
    private static void payOverLightning(ChainFixture chain, String address) {
        String hash = chain.transactionOf(address).get("invoiceHash").asText();
        TillClient.Response paid = chain.payer.post("/simulator/pay/" + hash, "", null);
        assertEquals(200, paid.status(), paid.body());
    }

    /** The output {@code txid:vout} of this transaction paying the address, as {@code GET /transactions} lists it. */
    private static String outpoint(ChainFixture chain, String address, String txid) {
        Await.until("output of " + txid + " listed", ChainFixture.WAIT, () -> outputsOf(chain, address, txid).size() == 1);
        return outputsOf(chain, address, txid).get(0);
    }

    private static List<String> outputsOf(ChainFixture chain, String address, String txid) {
        List<String> outpoints = new ArrayList<>();
        for (JsonNode output : chain.transactionOf(address).get("onchain").get("outputs")) {
            if (output.get("txid").asText().equals(txid)) {
                outpoints.add(txid + ":" + output.get("vout").asInt());
            }
        }
        return outpoints;
    }

    /** The unmatched payments the admin lists for the charge with this address. */
    private static List<JsonNode> unmatched(ChainFixture chain, String address) {
        String hash = chain.transactionOf(address).get("invoiceHash").asText();
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode each : chain.till.get("/admin/unmatched-payments", TestTill.ADMIN_KEY).json()) {
            if (each.get("invoiceHash").asText().equals(hash)) {
                found.add(each);
            }
        }
        return found;
    }
}
