package till.bolt11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tagged fields and the invoice record at the edges of their limits, and fields that overrun the data. */
class TaggedFieldsTest {
    private static final String HASH = "92782541c14b4be4797af57f47be7bbaa57a0f0c19042a54691994e4b3fb7a70";
    private static final String SECRET = "42518b412205cda8eb89aeb36d82c55676ae280c06f8c4c9ada2ce2b87a805ab";

    @Test
    void fieldTypesAndLengthsAtTheirLimits() {
        assertEquals('q', TaggedField.ofGroups('q', new byte[] {1}).type(), "q is bech32 character 0");
        assertThrows(IllegalArgumentException.class, () -> TaggedField.ofGroups('b', new byte[] {1}), "b is not bech32");
        assertEquals(TaggedField.MAX_LENGTH, TaggedField.ofGroups('d', new byte[TaggedField.MAX_LENGTH]).length());
        assertThrows(IllegalArgumentException.class, () -> TaggedField.ofGroups('d', new byte[TaggedField.MAX_LENGTH + 1]));
    }

    @Test
    void numbersUseTheFewestGroupsAndReadBackUpToTwelveGroups() {
        assertEquals(0, TaggedField.ofNumber('x', 0).length());
        assertEquals(0, TaggedField.ofNumber('x', 0).number());
        assertEquals(1, TaggedField.ofNumber('x', 31).length());
        assertEquals(2, TaggedField.ofNumber('x', 32).length());
        assertEquals(604_800, TaggedField.ofNumber('x', 604_800).number());
        assertThrows(IllegalArgumentException.class, () -> TaggedField.ofNumber('x', -1));
        assertEquals((1L << 60) - 1, TaggedField.ofGroups('x', filled(12)).number());
        assertThrows(Bolt11Exception.class, () -> TaggedField.ofGroups('x', filled(13)).number());
    }

    @Test
    void timestampsFromZeroToThirtyFiveBits() {
        for (long ok : new long[] {0, Bolt11Invoice.MAX_TIMESTAMP}) {
            assertEquals(ok, new Bolt11Invoice(Network.REGTEST, 1L, ok, List.of(), null, null).timestamp());
        }
        for (long bad : new long[] {-1, Bolt11Invoice.MAX_TIMESTAMP + 1}) {
            assertThrows(IllegalArgumentException.class, () -> new Bolt11Invoice(Network.REGTEST, 1L, bad, List.of(), null, null));
        }
    }

    @Test
    void allZeroFeaturesLeaveOutTheFeatureField() {
        for (String none : new String[] {"", "00", "0000"}) {
            Bolt11Invoice invoice = Bolt11Invoice.forPayment(Network.REGTEST, 1000L, 1L, HASH, SECRET, "x", 3600, 18, none);
            assertTrue(invoice.fields().stream().noneMatch(f -> f.type() == '9'), none);
        }
    }

    @Test
    void fallbackAddressVersionsUpTo18AreKeptAndEmptyOnesSkipped() {
        byte[] program = Bech32.toFiveBit(new byte[20]);
        List<TaggedField> fields = List.of(fallback(18, program), fallback(19, program), TaggedField.ofGroups('f', new byte[0]),
                fallback(0, program));
        List<FallbackAddress> kept = new Bolt11Invoice(Network.REGTEST, 1L, 1L, fields, null, null).fallbackAddresses();
        assertEquals(List.of(18, 0), kept.stream().map(FallbackAddress::version).toList());
    }

    @Test
    void aFieldThatOverrunsTheDataIsRefused() {
        // d with a length of 2 groups but only 1 left before the signature; then a header cut short after 1 and 2 groups.
        assertRefused(new byte[] {13, 0, 2, 5}, "tagged field 'd' length 2 exceeds the invoice data");
        assertRefused(new byte[] {13}, "truncated tagged field header at group 0");
        assertRefused(new byte[] {13, 0}, "truncated tagged field header at group 0");
        assertRefused(new byte[] {13, 0, 1, 5, 13, 0}, "truncated tagged field header at group 4");
        // No field at all: long enough for a timestamp and a signature, so the rules say what is missing.
        assertRefused(new byte[0], "missing payment hash (p field)");
    }

    private static void assertRefused(byte[] fieldGroups, String reason) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(Bech32.fromNumber(1_700_000_000L, 7));
        data.writeBytes(fieldGroups);
        data.writeBytes(new byte[104]); // the fields are read before the signature is looked at
        String bolt11 = Bech32.encode("lnbcrt10u", data.toByteArray());
        assertEquals(reason, assertThrows(Bolt11Exception.class, () -> Bolt11.decode(bolt11)).getMessage());
    }

    private static TaggedField fallback(int version, byte[] program) {
        byte[] groups = new byte[program.length + 1];
        groups[0] = (byte) version;
        System.arraycopy(program, 0, groups, 1, program.length);
        return TaggedField.ofGroups('f', groups);
    }

    private static byte[] filled(int groups) {
        byte[] all = new byte[groups];
        Arrays.fill(all, (byte) 31);
        return all;
    }
}
