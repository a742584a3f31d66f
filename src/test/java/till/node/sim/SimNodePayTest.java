package till.node.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.Await;
import till.TestInvoices;
import till.TillClient;
import till.bolt11.Network;
import till.node.InvoiceDescription;
import till.node.cln.ClnCreatedInvoice;
import till.node.cln.ClnPay;
import till.node.cln.ClnRestClient;
import till.node.cln.ClnRpcException;

/** The simulated node's pay and listpays: the behaviours test writers rely on, through Till's own client. */
class SimNodePayTest {
    @TempDir
    Path dir;

    private static ClnRestClient client(SimNode node) {
        return new ClnRestClient(new ClnRestClient.Config(node.baseUrl(), "rune", null, false));
    }

    @Test
    void paysAnotherNodesInvoiceWithADeterministicFeeAndReplaysTheResult() {
        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            String bolt11 = TestInvoices.external(250_000L);
            ClnPay paid = client.pay(bolt11, null, 5000, 10);
            assertEquals("complete", paid.status());
            assertEquals(250_000, paid.amountMsat());
            assertEquals(250_000 + 1 + 250, paid.amountSentMsat());
            assertEquals(TestInvoices.PAYEE.getPublicKeyAsHex(), paid.destination());
            assertEquals(paid, client.pay(bolt11, null, 5000, 10), "paying again answers the first payment");
            List<ClnPay> listed = client.listPays(TestInvoices.paymentHash(bolt11));
            assertEquals(1, listed.size());
            assertEquals(paid.preimage(), listed.get(0).preimage());
            assertTrue(client.listPays(TestInvoices.paymentHash(TestInvoices.external(1L))).isEmpty());
        }
    }

    @Test
    void failsWithTheChosenErrorForAnAmountOrAPayee() {
        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            node.payBehaviour(new SimPayRule(7000L, null, 203, 0));
            ClnRpcException failed = assertThrows(ClnRpcException.class,
                    () -> client.pay(TestInvoices.external(7000L), null, 5000, 10));
            assertEquals(203, failed.code());
            node.payBehaviour(new SimPayRule(null, TestInvoices.PAYEE.getPublicKeyAsHex(), 210, 0));
            String bolt11 = TestInvoices.external(8000L);
            assertEquals(210, assertThrows(ClnRpcException.class, () -> client.pay(bolt11, null, 5000, 10)).code());
            assertEquals("failed", client.listPays(TestInvoices.paymentHash(bolt11)).get(0).status());
            node.payBehaviour(new SimPayRule(null, TestInvoices.PAYEE.getPublicKeyAsHex(), null, 0));
            assertEquals("complete", client.pay(bolt11, null, 5000, 10).status(), "a failed payment may be tried again");
            assertEquals(2, client.listPays(TestInvoices.paymentHash(bolt11)).size());
        }
    }

    @Test
    void staysPendingForTheChosenTimeThenCompletesAndSurvivesARestart() throws Exception {
        String bolt11 = TestInvoices.external(4242L);
        String hash = TestInvoices.paymentHash(bolt11);
        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            node.payBehaviour(new SimPayRule(4242L, null, null, 2));
            CompletableFuture<ClnPay> paying = CompletableFuture.supplyAsync(() -> client.pay(bolt11, null, 5000, 10));
            Await.until("the payment is listed", Duration.ofSeconds(10), () -> !client.listPays(hash).isEmpty());
            assertEquals("pending", client.listPays(hash).get(0).status());
            assertNull(client.listPays(hash).get(0).preimage());
            assertEquals("complete", paying.get().status());
        }
        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            assertEquals("complete", client.listPays(hash).get(0).status(), "the journal keeps outgoing payments");
            TillClient control = new TillClient(node.baseUrl());
            assertEquals(2, control.post("/simulator/pay-behaviour", "{\"amountMsat\": 1, \"code\": 205}", null).json().size(),
                    "the rule for 4242 survived the restart");
            assertEquals(1, control.post("/simulator/pay-behaviour", "{\"amountMsat\": 4242}", null).json().size(),
                    "a rule without code or pendingSeconds clears the amount's rule");
            assertEquals(400, control.post("/simulator/pay-behaviour", "{\"amountMsat\": 1, \"code\": 999}", null).status());
        }
    }

    @Test
    void payingItsOwnInvoiceSettlesItOnceAndThenAnswers203() {
        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            ClnCreatedInvoice own = client.createInvoice(1500, "own", InvoiceDescription.shown("self"), 600);
            ClnPay paid = client.pay(own.bolt11(), null, 5000, 10);
            assertEquals(1500, paid.amountSentMsat());
            assertEquals("paid", client.findInvoiceByPaymentHash(own.paymentHash()).orElseThrow().status());
            ClnRpcException again = assertThrows(ClnRpcException.class, () -> client.pay(own.bolt11(), null, 5000, 10));
            assertEquals(203, again.code());
        }
    }

    @Test
    void refusesBadInvoicesAsCoreLightningDoes() {
        try (SimNode node = SimNode.start(0, dir); ClnRestClient client = client(node)) {
            assertEquals(-32602, assertThrows(ClnRpcException.class, () -> client.pay("lnbcrt1notaninvoice", null, 1, 1)).code());
            assertEquals(207, assertThrows(ClnRpcException.class, () -> client.pay(
                    TestInvoices.external(Network.REGTEST, 1000L, Instant.now().getEpochSecond() - 100, 10), null, 5000, 1)).code());
            assertEquals(-32602, assertThrows(ClnRpcException.class,
                    () -> client.pay(TestInvoices.external(null), null, 5000, 1)).code(), "an amountless bolt11 needs amount_msat");
            assertEquals("complete", client.pay(TestInvoices.external(null), 3000L, 5000, 1).status());
            assertEquals(206, assertThrows(ClnRpcException.class,
                    () -> client.pay(TestInvoices.external(9000L), null, 1, 1)).code(), "a fee above maxfee");
        }
    }
}
