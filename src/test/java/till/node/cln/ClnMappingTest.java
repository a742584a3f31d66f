package till.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import till.node.Cancellation;
import till.node.NodeInvoice;
import till.node.NodeInvoiceState;
import till.node.NodeRpcException;
import till.node.OutgoingState;
import till.node.PayFailure;
import till.node.PaymentFailedException;

/** Core Lightning's statuses and error codes, each in Till's words. */
class ClnMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void invoiceStatusesAndAnUnknownOneThatNeitherSettlesNorExpires() {
        assertEquals(NodeInvoiceState.UNPAID, ClnMapping.invoiceState("unpaid"));
        assertEquals(NodeInvoiceState.PAID, ClnMapping.invoiceState("paid"));
        assertEquals(NodeInvoiceState.EXPIRED, ClnMapping.invoiceState("expired"));
        assertEquals(NodeInvoiceState.UNPAID, ClnMapping.invoiceState("held"));
        assertEquals(NodeInvoiceState.UNPAID, ClnMapping.invoiceState(null));
    }

    @Test
    void paymentStatusesAndAnUnknownOneThatStaysOpen() {
        assertEquals(OutgoingState.COMPLETE, ClnMapping.outgoingState("complete"));
        assertEquals(OutgoingState.PENDING, ClnMapping.outgoingState("pending"));
        assertEquals(OutgoingState.FAILED, ClnMapping.outgoingState("failed"));
        assertEquals(OutgoingState.PENDING, ClnMapping.outgoingState("rerouting"));
        assertEquals(OutgoingState.PENDING, ClnMapping.outgoingState(null));
    }

    @Test
    void anInvoiceKeepsItsLabelAsTheReferenceAndItsPaymentInTillsTypes() {
        NodeInvoice paid = ClnMapping.invoice(new ClnInvoice("till-abc", "lnbcrt1x", "ab".repeat(32), 1000L, "paid",
                "coffee", 1_700_000_600L, 7L, 1001L, 1_700_000_100L, "cd".repeat(32), 12L));
        assertEquals(new NodeInvoice("till-abc", "ab".repeat(32), NodeInvoiceState.PAID, 7L, 1001L,
                Instant.ofEpochSecond(1_700_000_100L)), paid);
        NodeInvoice unpaid = ClnMapping.invoice(new ClnInvoice("other-app", null, "ef".repeat(32), null, "unpaid",
                null, 0, null, null, null, null, null));
        assertNull(unpaid.paidAt());
        assertEquals(NodeInvoiceState.UNPAID, unpaid.state());
    }

    @Test
    void everyFinalPayErrorBecomesItsFailureWithTheNodesWordsInBrackets() {
        Map<Integer, PayFailure> expected = Map.of(
                -32602, PayFailure.BOLT11_REFUSED,
                201, PayFailure.PAID_DIFFERENTLY,
                203, PayFailure.DESTINATION_FAILED,
                205, PayFailure.NO_ROUTE,
                206, PayFailure.FEE_TOO_HIGH,
                207, PayFailure.INVOICE_EXPIRED,
                209, PayFailure.FAILED,
                210, PayFailure.TIMED_OUT,
                219, PayFailure.ALREADY_PAID);
        expected.forEach((code, failure) -> {
            NodeRpcException mapped = ClnMapping.payError(new ClnRpcException("pay", 500, code, "the node's words", null));
            PaymentFailedException failed = (PaymentFailedException) mapped;
            assertEquals(failure, failed.failure());
            assertEquals(failure.meaning() + " (node error " + code + ": the node's words)", failed.getMessage());
            assertEquals(Integer.toString(code), failed.nodeCode());
        });
    }

    @Test
    void aPayErrorThatDoesNotSayThePaymentIsOverStaysTheNodesError() {
        for (int code : new int[] {-1, 200, 204, 1502}) {
            ClnRpcException e = new ClnRpcException("pay", code == 1502 ? 401 : 500, code, "hmm", null);
            assertSame(e, ClnMapping.payError(e), "code " + code);
        }
    }

    @Test
    void delinvoiceErrorsSayWhatBecameOfTheInvoice() throws Exception {
        assertEquals(Optional.of(Cancellation.NOT_FOUND), cancellation(905, null));
        assertEquals(Optional.of(Cancellation.ALREADY_PAID), cancellation(906, "{\"current_status\": \"paid\"}"));
        assertEquals(Optional.of(Cancellation.EXPIRED), cancellation(906, "{\"current_status\": \"expired\"}"));
        assertEquals(Optional.empty(), cancellation(906, "{\"current_status\": \"unpaid\"}"));
        assertEquals(Optional.empty(), cancellation(906, null));
        assertEquals(Optional.empty(), cancellation(-1, null));
    }

    private static Optional<Cancellation> cancellation(int code, String data) throws Exception {
        return ClnMapping.cancellation(new ClnRpcException("delinvoice", 500, code, "x",
                data == null ? null : JSON.readTree(data)));
    }
}
