package till.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestInvoices;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.bolt11.Forgery;
import till.bolt11.Network;
import till.node.sim.SimPayRule;

/** Paying bolt11s of other nodes from an account, over real HTTP against the embedded simulated node. */
class PaymentFlowTest {
    private static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Shop fundedShop(long amountMsat) {
        Shop shop = server.createShop(0);
        server.fund(shop, amountMsat);
        return shop;
    }

    @Test
    void aSuccessfulPaymentDebitsExactlyAmountPlusFee() {
        Shop shop = fundedShop(100_000);
        String bolt11 = TestInvoices.external(10_000L);
        Response paid = server.payBolt11(shop, bolt11);
        assertEquals(200, paid.status(), paid.body());
        assertEquals("succeeded", paid.text("status"));
        assertEquals(10_000, paid.json().get("amountMsat").asLong());
        long fee = paid.json().get("feeMsat").asLong();
        assertEquals(11, fee, "the simulated network's fee: 1 msat + 0.1%");
        assertEquals(TestInvoices.paymentHash(bolt11), TestInvoices.sha256Hex(paid.text("preimage")),
                "the preimage proves the payment: it hashes to the payment hash");
        assertTrue(paid.json().get("failureReason").isNull());
        Instant settled = Instant.parse(paid.text("settledAtUtc"));
        assertFalse(settled.isBefore(Instant.parse(paid.text("createdAtUtc"))), paid.body());
        assertFalse(settled.isAfter(Instant.now()), paid.body());
        assertEquals(100_000 - 10_000 - fee, server.balance(shop));
        server.assertLedgerMatches(shop);

        String hash = TestInvoices.paymentHash(bolt11);
        Response read = server.get("/payment/" + hash, shop.apiKey());
        assertEquals(200, read.status());
        assertEquals(paid.json(), read.json());
        assertEquals(200, server.get("/payment/" + hash, TestTill.ADMIN_KEY).status());
        Shop other = server.createShop(0);
        assertEquals("payment_not_found", server.get("/payment/" + hash, other.apiKey()).text("code"));
    }

    @Test
    void aFailedPaymentRestoresTheBalance() {
        Shop shop = fundedShop(50_000);
        server.till.simNode().payBehaviour(new SimPayRule(20_001L, null, 205, 0));
        Response failed = server.payBolt11(shop, TestInvoices.external(20_001L));
        assertEquals(200, failed.status(), failed.body());
        assertEquals("failed", failed.text("status"));
        assertTrue(failed.text("failureReason").contains("no route"), failed.body());
        assertTrue(failed.json().get("feeMsat").isNull());
        assertEquals(50_000, server.balance(shop));
        server.assertLedgerMatches(shop);
    }

    @Test
    void aPaymentTheBalanceCannotCoverIsRefusedBeforeTheNodeIsAsked() {
        Shop shop = fundedShop(10_000);
        String bolt11 = TestInvoices.external(9_000L);
        Response refused = server.payBolt11(shop, bolt11);
        assertEquals(422, refused.status());
        assertEquals("insufficient_balance", refused.text("code"));
        assertEquals(404, server.get("/payment/" + TestInvoices.paymentHash(bolt11), shop.apiKey()).status());
        assertEquals(10_000, server.balance(shop));
        server.assertLedgerMatches(shop);
    }

    @Test
    void theFeeBudgetIsWhatIsReservedAndTheNodeRespectsIt() {
        Shop shop = fundedShop(30_000);
        String tooCheap = "{\"account_id\": \"" + shop.accountId() + "\", \"bolt11\": \"" + TestInvoices.external(20_000L)
                + "\", \"max_fee_msat\": 5}";
        Response failed = server.post("/invoice/pay", tooCheap, shop.apiKey());
        assertEquals("failed", failed.text("status"), failed.body());
        assertTrue(failed.text("failureReason").contains("206"), failed.body());
        assertEquals(30_000, server.balance(shop));
        server.assertLedgerMatches(shop);
    }

    @Test
    void anAmountlessBolt11NeedsAnAmount() {
        Shop shop = fundedShop(20_000);
        String bolt11 = TestInvoices.external(null);
        assertEquals("amount_required", server.payBolt11(shop, bolt11).text("code"));
        Response paid = server.post("/invoice/pay", "{\"accountId\": \"" + shop.accountId() + "\", \"bolt11\": \"" + bolt11
                + "\", \"amountMsat\": 7000}", shop.apiKey());
        assertEquals("succeeded", paid.text("status"), paid.body());
        assertEquals(20_000 - 7000 - 8, server.balance(shop));
        Response mismatch = server.post("/invoice/pay", "{\"accountId\": \"" + shop.accountId() + "\", \"bolt11\": \""
                + TestInvoices.external(1000L) + "\", \"amountMsat\": 999}", shop.apiKey());
        assertEquals("amount_mismatch", mismatch.text("code"));
    }

    @Test
    void theSameBolt11PaidTwiceIsPaidOnce() {
        Shop shop = fundedShop(100_000);
        String bolt11 = TestInvoices.external(10_000L);
        Response first = server.payBolt11(shop, bolt11);
        Response second = server.payBolt11(shop, bolt11);
        assertEquals(200, second.status());
        assertEquals(first.json(), second.json());
        assertEquals(100_000 - 10_011, server.balance(shop));
        Shop other = fundedShop(100_000);
        assertEquals("invoice_already_paid", server.payBolt11(other, bolt11).text("code"));
        assertEquals(100_000, server.balance(other));
        server.assertLedgerMatches(shop);
    }

    @Test
    void aFailedPaymentBlocksNobodyNotEvenItsOwnAccount() {
        Shop first = fundedShop(50_000);
        Shop second = fundedShop(50_000);
        String bolt11 = TestInvoices.external(20_002L);
        server.till.simNode().payBehaviour(new SimPayRule(20_002L, null, 205, 0));
        assertEquals("failed", server.payBolt11(first, bolt11).text("status"));
        assertEquals("failed", server.payBolt11(first, bolt11).text("status"), "tried again by the same account");
        server.till.simNode().payBehaviour(new SimPayRule(20_002L, null, null, 0));

        Response paid = server.payBolt11(second, bolt11);
        assertEquals(200, paid.status(), paid.body());
        assertEquals("succeeded", paid.text("status"));
        Response blocked = server.payBolt11(first, bolt11);
        assertEquals(409, blocked.status(), blocked.body());
        assertEquals("invoice_already_paid", blocked.text("code"));
        assertEquals(paid.json(), server.get("/payment/" + TestInvoices.paymentHash(bolt11), TestTill.ADMIN_KEY).json(),
                "the payment that counts is the one answered for the hash");
        assertEquals("failed", server.get("/payment/" + TestInvoices.paymentHash(bolt11), first.apiKey()).text("status"));
        assertEquals(50_000, server.balance(first));
        assertEquals(50_000 - 20_002 - 21, server.balance(second));
        server.assertLedgerMatches(first);
        server.assertLedgerMatches(second);

        String again = TestInvoices.external(20_003L);
        server.till.simNode().payBehaviour(new SimPayRule(20_003L, null, 205, 0));
        assertEquals("failed", server.payBolt11(first, again).text("status"));
        server.till.simNode().payBehaviour(new SimPayRule(20_003L, null, null, 0));
        assertEquals("succeeded", server.payBolt11(first, again).text("status"), "its own account retries it");
        assertEquals(50_000 - 20_003 - 21, server.balance(first));
    }

    @Test
    void aForgeryNamingTillsNodeButSignedByAnotherKeySettlesNothing() {
        Shop payer = fundedShop(10_000);
        Shop seller = server.createShop(0);
        String real = server.createInvoice(seller, 1_000_000).get("bolt11").asText();
        String forged = Forgery.namingAnotherNode(real, 1L, server.till.simNode().nodeId(), new ECKey());
        Response refused = server.payBolt11(payer, forged);
        assertEquals(422, refused.status(), refused.body());
        assertEquals("bolt11_bad_signature", refused.text("code"));
        assertEquals(10_000, server.balance(payer));
        assertEquals(0, server.balance(seller));
        assertEquals("unpaid", server.get("/invoice/" + TestInvoices.paymentHash(real) + "/status", null).text("status"));
        assertEquals(404, server.get("/payment/" + TestInvoices.paymentHash(real), TestTill.ADMIN_KEY).status());
    }

    @Test
    void anIdempotencyKeyReturnsTheFirstAnswerAndRefusesAnotherBody() throws Exception {
        Shop shop = fundedShop(100_000);
        String body = "{\"accountId\": \"" + shop.accountId() + "\", \"bolt11\": \"" + TestInvoices.external(1000L) + "\"}";
        Response first = withKey("key-1", body, shop);
        assertEquals(200, first.status(), first.body());
        Response again = withKey("key-1", body.replace(", ", ",   "), shop);
        assertEquals(200, again.status());
        assertEquals(first.body(), again.body());
        Response other = withKey("key-1", "{\"accountId\": \"" + shop.accountId() + "\", \"bolt11\": \""
                + TestInvoices.external(2000L) + "\"}", shop);
        assertEquals(409, other.status());
        assertEquals("idempotency_key_reused", other.text("code"));
        assertEquals(100_000 - 1000 - 2, server.balance(shop));

        Response unknown = TestTill.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url + "/invoice/pay"))
                .header("Idempotency-Key", "key-2")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.replace(shop.accountId(), "no-such-account"))),
                TestTill.ADMIN_KEY);
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("account_not_found", unknown.text("code"));
    }

    private static Response withKey(String key, String body, Shop shop) {
        return TestTill.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url + "/invoice/pay"))
                .header("Idempotency-Key", key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)), shop.apiKey());
    }

    @Test
    void invoicesForAnotherNetworkAreRefused() {
        Shop shop = fundedShop(10_000);
        long now = Instant.now().getEpochSecond();
        for (Network network : List.of(Network.BITCOIN, Network.TESTNET, Network.SIGNET)) {
            Response refused = server.payBolt11(shop, TestInvoices.external(network, 1000L, now, 600));
            assertEquals(422, refused.status(), refused.body());
            assertEquals("bolt11_wrong_network", refused.text("code"));
        }
        assertEquals(10_000, server.balance(shop));
    }

    @Test
    void expiredTamperedAndReSignedInvoicesAreRefusedEachWithItsOwnCode() {
        Shop shop = fundedShop(10_000);
        long now = Instant.now().getEpochSecond();
        Response expired = server.payBolt11(shop, TestInvoices.external(Network.REGTEST, 1000L, now - 120, 60));
        assertEquals(422, expired.status());
        assertEquals("bolt11_expired", expired.text("code"));

        Response tampered = server.payBolt11(shop, TestInvoices.tampered(TestInvoices.external(1000L)));
        assertEquals(400, tampered.status());
        assertEquals("bolt11_invalid", tampered.text("code"));

        // One of this Till's invoices, re-signed by someone else: our payment hash, but not our node's signature.
        Shop seller = server.createShop(0);
        String ours = server.createInvoice(seller, 1000).get("bolt11").asText();
        Response reSigned = server.payBolt11(shop, TestInvoices.reSigned(ours, new ECKey()));
        assertEquals(422, reSigned.status());
        assertEquals("bolt11_bad_signature", reSigned.text("code"));
        assertEquals(10_000, server.balance(shop));
        assertEquals("unpaid", server.get("/invoice/" + TestInvoices.paymentHash(ours) + "/status", null).text("status"));
    }

    @Test
    void decodeAnswersTheFieldsForAnyKey() {
        Shop shop = server.createShop(0);
        String bolt11 = TestInvoices.external(4000L);
        Response decoded = server.post("/invoice/decode", "{\"bolt11\": \"" + bolt11 + "\"}", shop.apiKey());
        assertEquals(200, decoded.status(), decoded.body());
        assertEquals("regtest", decoded.text("network"));
        assertEquals(4000, decoded.json().get("amountMsat").asLong());
        assertEquals(TestInvoices.paymentHash(bolt11), decoded.text("paymentHash"));
        assertEquals(TestInvoices.PAYEE.getPublicKeyAsHex(), decoded.text("payee"));
        assertEquals("from another node", decoded.text("description"));
        assertEquals(false, decoded.json().get("expired").asBoolean());
        assertEquals(401, server.post("/invoice/decode", "{\"bolt11\": \"" + bolt11 + "\"}", null).status());
        assertEquals("bolt11_invalid", server.post("/invoice/decode", "{\"bolt11\": \"lnbcrt1nonsense\"}", shop.apiKey()).text("code"));
    }

    @Test
    void anAccountKeyCannotPayFromAnotherAccount() {
        Shop shop = fundedShop(10_000);
        Shop thief = server.createShop(0);
        Response refused = server.payBolt11(new Shop(shop.accountId(), thief.apiKey(), thief.bptId()), TestInvoices.external(1000L));
        assertEquals(403, refused.status());
        assertEquals(10_000, server.balance(shop));
        assertNull(server.get("/payment/x", thief.apiKey()).json().get("id"));
    }
}
