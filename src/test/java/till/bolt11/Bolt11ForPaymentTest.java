package till.bolt11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Invoices made the way Till's simulated node makes them, checked against a real Core Lightning invoice. */
class Bolt11ForPaymentTest {

    /** Made by Core Lightning's {@code invoice} on regtest. */
    private static final String CLN_INVOICE = "lnbcrt1500n1p4sfe58sp5gfgcksfzqhx636uf46ekmqk92em2u2qvqmuvfjdd5t8zhpag"
            + "qk4spp5jfuz2swpfd97g7t674l500nmh2jh5rcvryzz54rfrx2wfvlm0fcqdpzd3skygrrdanxvet9yqcnwwf4xsurxv3hxyxq"
            + "yjw5qcqp29qxpqysgqswrezdzwgmgqqh9w5g6mhemzz48xd8wxqkuf48k74dd7lrmenpwh5p7x32pc48cnm5w8pfhakg42773h"
            + "qxl9eq5qax6g48rpszjjq2gq98ew39";
    private static final String CLN_PAYEE = "03c463097802fe432db9fc4caf196b4cc764fd111301912eaa9626a1e8abdf70a4";
    private static final String HASH = "92782541c14b4be4797af57f47be7bbaa57a0f0c19042a54691994e4b3fb7a70";
    private static final String SECRET = "42518b412205cda8eb89aeb36d82c55676ae280c06f8c4c9ada2ce2b87a805ab";
    private static final long CREATED_AT = 1795483271L;
    private static final String DESCRIPTION = "lab coffee 1795483271";
    /** Signature (104 groups) and checksum (6) at the end of an invoice string. */
    private static final int SIGNATURE_AND_CHECKSUM = 110;

    @Test
    void decodesACoreLightningInvoice() {
        Bolt11Invoice invoice = Bolt11.decode(CLN_INVOICE);
        assertEquals(Network.REGTEST, invoice.network());
        assertEquals(150_000L, invoice.amountMsat());
        assertEquals(CREATED_AT, invoice.timestamp());
        assertEquals(604_800, invoice.expirySeconds());
        assertEquals(CREATED_AT + 604_800, invoice.expiresAt());
        assertEquals(CLN_PAYEE, invoice.payeeNodeId());
        assertEquals(DESCRIPTION, invoice.description());
        assertEquals(10, invoice.minFinalCltvExpiry());
        assertEquals(SECRET, invoice.paymentSecret());
        assertEquals(HASH, invoice.paymentHash());
        assertEquals("02024100", invoice.featuresHex());
        assertNull(invoice.descriptionHash());
    }

    @Test
    void writesFieldsInCoreLightningsOrderAndEncoding() {
        Bolt11Invoice invoice = Bolt11.decode(CLN_INVOICE);
        String ours = Bolt11.encode(Bolt11Invoice.forPayment(Network.REGTEST, 150_000L, CREATED_AT, HASH, SECRET,
                DESCRIPTION, 604_800, 10, "02024100"), new ECKey());
        assertEquals(unsignedPart(CLN_INVOICE), unsignedPart(ours));
        assertEquals(invoice.fields(), Bolt11.decode(ours).fields());
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 1000L, 150_000L, 123_456_789L, 2_100_000_000_000_000L})
    void roundTripsAmountsExactly(long amountMsat) {
        ECKey key = new ECKey();
        String encoded = Bolt11.encode(Bolt11Invoice.forPayment(Network.REGTEST, amountMsat, CREATED_AT, HASH, SECRET,
                "tea", 900, 18, "02024100"), key);
        assertTrue(encoded.startsWith("lnbcrt"), encoded);
        Bolt11Invoice decoded = Bolt11.decode(encoded);
        assertEquals(amountMsat, decoded.amountMsat());
        assertEquals("tea", decoded.description());
        assertEquals(900, decoded.expirySeconds());
        assertEquals(18, decoded.minFinalCltvExpiry());
        assertEquals(HASH, decoded.paymentHash());
        assertEquals(SECRET, decoded.paymentSecret());
        assertEquals("02024100", decoded.featuresHex());
        assertEquals(HexFormat.of().formatHex(key.getPubKey()), decoded.payeeNodeId());
    }

    @Test
    void writesCoreLightningsAmountForm() {
        String encoded = Bolt11.encode(Bolt11Invoice.forPayment(Network.REGTEST, 150_000L, CREATED_AT, HASH, SECRET,
                DESCRIPTION, 3600, 18, "02024100"), new ECKey());
        assertTrue(encoded.startsWith("lnbcrt1500n1"), encoded);
    }

    @Test
    void leavesOutDefaultsAndAmountWhenNotGiven() {
        Bolt11Invoice invoice = Bolt11.decode(Bolt11.encode(Bolt11Invoice.forPayment(Network.SIGNET, null, CREATED_AT,
                HASH, SECRET, "", 3600, 18, null), new ECKey()));
        assertEquals(Network.SIGNET, invoice.network());
        assertNull(invoice.amountMsat());
        assertEquals("", invoice.description());
        assertNull(invoice.featuresHex());
        assertEquals(3, invoice.fields().size(), "only s, p and d");
        assertEquals(3600, invoice.expirySeconds());
        assertEquals(18, invoice.minFinalCltvExpiry());
    }

    @Test
    void refusesToSignWithAKeyOtherThanTheStatedNodeId() {
        ECKey payee = new ECKey();
        Bolt11Invoice base = Bolt11Invoice.forPayment(Network.REGTEST, 1000L, CREATED_AT, HASH, SECRET, "x", 3600, 18,
                null);
        List<TaggedField> fields = new ArrayList<>(base.fields());
        fields.add(TaggedField.ofBytes('n', payee.getPubKey()));
        Bolt11Invoice withNodeId = new Bolt11Invoice(Network.REGTEST, 1000L, CREATED_AT, fields, null, null);
        assertEquals(HexFormat.of().formatHex(payee.getPubKey()),
                Bolt11.decode(Bolt11.encode(withNodeId, payee)).payeeNodeId());
        assertThrows(IllegalArgumentException.class, () -> Bolt11.encode(withNodeId, new ECKey()));
    }

    @Test
    void rejectsMalformedInputs() {
        assertThrows(IllegalArgumentException.class, () -> Bolt11Invoice.forPayment(Network.REGTEST, 1000L,
                CREATED_AT, "00", SECRET, "x", 3600, 18, null));
        assertThrows(IllegalArgumentException.class, () -> Bolt11Invoice.forPayment(Network.REGTEST, 0L,
                CREATED_AT, HASH, SECRET, "x", 3600, 18, null));
    }

    private static String unsignedPart(String invoice) {
        return invoice.substring(0, invoice.length() - SIGNATURE_AND_CHECKSUM);
    }
}
