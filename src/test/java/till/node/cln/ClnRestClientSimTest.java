package till.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.bolt11.Bolt11;
import till.bolt11.Bolt11Invoice;
import till.bolt11.Network;
import till.node.InvoiceDescription;
import till.node.NodeInfo;
import till.node.sim.SimNode;

/** The client against the simulated node: the same code path Till uses for a real node. */
class ClnRestClientSimTest {
    @TempDir
    Path dir;
    private SimNode node;
    private ClnRestClient client;

    @BeforeEach
    void start() {
        node = SimNode.start(0, dir);
        client = new ClnRestClient(new ClnRestClient.Config(node.baseUrl(), "any-rune", null, false));
    }

    @AfterEach
    void stop() {
        client.close();
        node.close();
    }

    @Test
    void getInfoDescribesARegtestNode() {
        NodeInfo info = client.getInfo();

        assertEquals(node.nodeId(), info.id());
        assertEquals("regtest", info.network());
        assertEquals("till-sim", info.alias());
    }

    @Test
    void createsARealSignedRegtestInvoice() {
        ClnCreatedInvoice created = client.createInvoice(150_000, "till-1", InvoiceDescription.shown("coffee"), 3600);

        Bolt11Invoice decoded = Bolt11.decode(created.bolt11());
        assertEquals(Network.REGTEST, decoded.network());
        assertEquals(150_000L, decoded.amountMsat());
        assertEquals(created.paymentHash(), decoded.paymentHash());
        assertEquals(created.paymentSecret(), decoded.paymentSecret());
        assertEquals(node.nodeId(), decoded.payeeNodeId());
        assertEquals("coffee", decoded.description());
        assertEquals(decoded.timestamp() + 3600, created.expiresAt());
        assertEquals(1, created.createdIndex());
        assertTrue(created.bolt11().startsWith("lnbcrt1500n1"), created.bolt11());
    }

    @Test
    void findsInvoicesBeforeAndAfterPayment() {
        ClnCreatedInvoice created = client.createInvoice(2_000, "till-2", InvoiceDescription.shown("tea"), 600);

        ClnInvoice unpaid = SimLightning.invoiceByLabel(client, "till-2").orElseThrow();
        assertEquals("unpaid", unpaid.status());
        assertNull(unpaid.payIndex());

        ClnInvoice paidBySim = node.pay(created.paymentHash(), null);
        ClnInvoice paid = client.findInvoiceByPaymentHash(created.paymentHash()).orElseThrow();
        assertEquals(paidBySim, paid);
        assertTrue(paid.isPaid());
        assertEquals(2_000L, paid.amountReceivedMsat());
        assertEquals(1L, paid.payIndex());
        assertEquals(64, paid.paymentPreimage().length());

        assertEquals(Optional.empty(), SimLightning.invoiceByLabel(client, "nope"));
        assertEquals(Optional.empty(), client.findInvoiceByPaymentHash("00".repeat(32)));
    }

    @Test
    void waitAnyInvoiceAnswersAtOnceWhenAPaymentIsNewer() {
        ClnCreatedInvoice first = client.createInvoice(1_000, "a", InvoiceDescription.shown("a"), 600);
        node.pay(first.paymentHash(), null);

        ClnInvoice paid = client.waitAnyInvoice(0, 30).orElseThrow();

        assertEquals("a", paid.label());
        assertEquals(1L, paid.payIndex());
    }

    @Test
    void waitAnyInvoiceTimesOutEmpty() {
        assertEquals(Optional.empty(), client.waitAnyInvoice(0, 0));
    }

    @Test
    void duplicateLabelIsError900() {
        client.createInvoice(1_000, "dup", InvoiceDescription.shown("x"), 60);

        ClnRpcException e = assertThrows(ClnRpcException.class, () -> client.createInvoice(1_000, "dup", InvoiceDescription.shown("y"), 60));
        assertEquals(900, e.code());
        assertEquals("invoice: CLN error 900: Duplicate label 'dup'", e.getMessage());
    }

    @Test
    void decodesThroughTheGenericCall() {
        ClnCreatedInvoice created = client.createInvoice(150_000, "d", InvoiceDescription.shown("lab coffee"), 3600);

        JsonNode decoded = client.call("decode", Map.of("string", created.bolt11()));

        assertEquals("bolt11 invoice", decoded.path("type").asText());
        assertEquals("bcrt", decoded.path("currency").asText());
        assertEquals(node.nodeId(), decoded.path("payee").asText());
        assertEquals(10, decoded.path("min_final_cltv_expiry").asInt());
        assertEquals("02024100", decoded.path("features").asText());
        assertEquals(3600, decoded.path("expiry").asInt());
        assertTrue(decoded.path("signature").asText().startsWith("30"));
        assertTrue(decoded.path("valid").asBoolean());
        assertFalse(decoded.has("description_hash"));
    }

    @Test
    void deschashonlyPutsTheDescriptionsHashInTheBolt11AsCoreLightningDoes() throws Exception {
        // Longer than a bolt11's d field can hold: with deschashonly Core Lightning takes it, as LNURL metadata may be.
        String metadata = "[[\"text/plain\",\"" + "é".repeat(400) + "\"]]";
        ClnCreatedInvoice created = client.createInvoice(21_000, "lnurl-1", InvoiceDescription.hashed(metadata), 900);

        Bolt11Invoice decoded = Bolt11.decode(created.bolt11());
        assertNull(decoded.description());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(metadata.getBytes(StandardCharsets.UTF_8))), decoded.descriptionHash());
        JsonNode viaDecode = client.call("decode", Map.of("string", created.bolt11()));
        assertEquals(decoded.descriptionHash(), viaDecode.path("description_hash").asText());
        assertFalse(viaDecode.has("description"));
        // The node keeps no description of such an invoice: listinvoices shows none.
        assertNull(client.findInvoiceByPaymentHash(created.paymentHash()).orElseThrow().description());

        ClnRpcException tooLong = assertThrows(ClnRpcException.class,
                () -> client.createInvoice(21_000, "lnurl-2", InvoiceDescription.shown(metadata), 900));
        assertTrue(tooLong.getMessage().contains("Descriptions greater than 640 bytes"), tooLong.getMessage());
        ClnRpcException unsimulated = assertThrows(ClnRpcException.class,
                () -> client.call("invoice", Map.of("amount_msat", 1000, "label", "x", "description", "x", "cltv", 20)));
        assertTrue(unsimulated.getMessage().contains("cltv"), unsimulated.getMessage());
    }
}
