package till.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import till.node.Cancellation;
import till.node.Liquidity;
import till.node.NodeChannel;
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

    @Test
    void channelStatesInTillsWordsAndAnUnknownOneCarriesNothing() {
        assertEquals(NodeChannel.State.NORMAL, ClnMapping.channelState("CHANNELD_NORMAL"));
        assertEquals(NodeChannel.State.NORMAL, ClnMapping.channelState("CHANNELD_AWAITING_SPLICE"));
        for (String opening : List.of("OPENINGD", "CHANNELD_AWAITING_LOCKIN", "DUALOPEND_OPEN_INIT",
                "DUALOPEND_OPEN_COMMITTED", "DUALOPEND_OPEN_COMMIT_READY", "DUALOPEND_AWAITING_LOCKIN")) {
            assertEquals(NodeChannel.State.OPENING, ClnMapping.channelState(opening), opening);
        }
        for (String closing : List.of("CHANNELD_SHUTTING_DOWN", "CLOSINGD_SIGEXCHANGE", "CLOSINGD_COMPLETE",
                "AWAITING_UNILATERAL", "FUNDING_SPEND_SEEN")) {
            assertEquals(NodeChannel.State.CLOSING, ClnMapping.channelState(closing), closing);
        }
        assertEquals(NodeChannel.State.CLOSED, ClnMapping.channelState("ONCHAIN"));
        assertEquals(NodeChannel.State.UNKNOWN, ClnMapping.channelState("CHANNELD_SOMETHING_NEW"));
        assertEquals(NodeChannel.State.UNKNOWN, ClnMapping.channelState(null));
    }

    /** Every state the schema lists has its meaning here: none falls through to UNKNOWN. */
    @Test
    void everyChannelStateOfTheSchemaIsKnown() throws IOException {
        JsonNode states = schema("listfunds").at("/response/properties/channels/items/properties/state/enum");
        assertTrue(states.size() >= 14, states.toString());
        states.forEach(state -> assertNotEquals(NodeChannel.State.UNKNOWN, ClnMapping.channelState(state.asText()), state.asText()));
    }

    /**
     * The schema's own example: a channel whose "our" amount is above its total (the example's numbers), and two
     * closed ones. The peer's side never goes below zero, ours never above the capacity, and closed channels count
     * nothing.
     */
    @Test
    void theSchemasExampleChannels() throws IOException {
        List<NodeChannel> channels = new ArrayList<>();
        schema("listfunds").at("/examples/0/response/channels")
                .forEach(c -> channels.add(ClnMapping.channel(ClnResults.channel(c))));
        assertEquals(List.of(NodeChannel.State.NORMAL, NodeChannel.State.CLOSED, NodeChannel.State.CLOSED),
                channels.stream().map(NodeChannel::state).toList());
        assertEquals(new NodeChannel("nodeid020202020202020202020202020202020202020202020202020202020202",
                NodeChannel.State.NORMAL, true, 11_000_000L, 36_000_000L), channels.get(0));
        assertEquals(0, channels.get(0).theirMsat());
        assertEquals(new Liquidity(0, 11_000_000L, 0, 1), Liquidity.of(channels));
    }

    /** Nodes before v23.02: amounts as "<n>msat" strings; older still, only channel_sat and channel_total_sat. */
    @Test
    void olderChannelShapes() throws IOException {
        ClnChannel strings = ClnResults.channel(JSON.readTree("{\"peer_id\": \"02aa\", \"connected\": false, "
                + "\"state\": \"CHANNELD_NORMAL\", \"channel_sat\": 300000, \"our_amount_msat\": \"300000000msat\", "
                + "\"channel_total_sat\": 1000000, \"amount_msat\": \"1000000000msat\"}"));
        assertEquals(new ClnChannel("02aa", "CHANNELD_NORMAL", false, 1_000_000_000L, 300_000_000L), strings);
        ClnChannel sats = ClnResults.channel(JSON.readTree("{\"peer_id\": \"02bb\", \"connected\": true, "
                + "\"state\": \"CHANNELD_NORMAL\", \"channel_sat\": 250000, \"channel_total_sat\": 1000000}"));
        assertEquals(new ClnChannel("02bb", "CHANNELD_NORMAL", true, 1_000_000_000L, 250_000_000L), sats);
        NodeChannel disconnected = ClnMapping.channel(strings);
        assertFalse(disconnected.usable(), "its peer is away: nothing goes through it now");
        assertEquals(new Liquidity(750_000_000L, 250_000_000L, 750_000_000L, 1),
                Liquidity.of(List.of(disconnected, ClnMapping.channel(sats))));
    }

    private static JsonNode schema(String method) throws IOException {
        try (InputStream in = ClnMappingTest.class.getResourceAsStream("/cln/" + method + ".json")) {
            return JSON.readTree(in);
        }
    }
}
