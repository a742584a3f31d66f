package till.bolt11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bitcoinj.base.Base58;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.SegwitAddress;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every example of BOLT #11, valid and invalid, read from the spec text. */
class Bolt11VectorsTest {

    private static final String HASH = "0001020304050607080900010203040506070809000102030405060708090102";
    private static final String SECRET = "11".repeat(32);
    private static final String CHOCOLATE_HASH = "3925b6f67e2c340036ed12093dd44e0368df1b6ea26c53dbe4811f58fd5db8c1";
    private static final long TIMESTAMP = 1496314658L;
    private static final ECKey KEY = ECKey.fromPrivate(new BigInteger(TestVectors.PRIVATE_KEY, 16));

    /** What each valid example's heading and breakdown state, keyed by the start of its heading. */
    private static final Map<String, Consumer<Bolt11Invoice>> STATED = new LinkedHashMap<>();

    static {
        STATED.put("Please make a donation", i -> {
            assertStandard(i, Network.BITCOIN, null);
            assertEquals("Please consider supporting this project", i.description());
            assertEquals(3600, i.expirySeconds());
            assertEquals("4100", i.featuresHex());
        });
        STATED.put("Please send $3 for a cup of coffee", i -> {
            assertStandard(i, Network.BITCOIN, 250_000_000L);
            assertEquals("1 cup coffee", i.description());
            assertEquals(60, i.expirySeconds());
            assertEquals(TIMESTAMP + 60, i.expiresAt());
        });
        STATED.put("Please send 0.0025 BTC for a cup of nonsense", i -> {
            assertStandard(i, Network.BITCOIN, 250_000_000L);
            assertEquals("ナンセンス 1杯", i.description());
            assertEquals(60, i.expirySeconds());
        });
        STATED.put("Now send $24", i -> {
            assertStandard(i, Network.BITCOIN, 2_000_000_000L);
            assertNull(i.description());
            assertEquals(CHOCOLATE_HASH, i.descriptionHash());
        });
        STATED.put("The same, on testnet", i -> {
            assertStandard(i, Network.TESTNET, 2_000_000_000L);
            assertEquals(CHOCOLATE_HASH, i.descriptionHash());
            assertEquals(List.of(legacy(17, "mk2QpYatsKicvFVuTAQLBryyccRXMUaGHP")), i.fallbackAddresses());
        });
        STATED.put("On mainnet, with fallback address 1RustyRX2oai4EYYDpQGWvEL62BBGqN9T", i -> {
            assertStandard(i, Network.BITCOIN, 2_000_000_000L);
            assertEquals(List.of(legacy(17, "1RustyRX2oai4EYYDpQGWvEL62BBGqN9T")), i.fallbackAddresses());
            String node = "9e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255";
            assertEquals(List.of(List.of(
                    new RouteHop("02" + node, "66051x263430x1800", 1, 20, 3),
                    new RouteHop("03" + node, "197637x395016x2314", 2, 30, 4))), i.routeHints());
        });
        STATED.put("On mainnet, with fallback (P2SH)", i ->
                assertEquals(List.of(legacy(18, "3EktnHQD7RiAE6uzMj2ZifT9YgRrkSgzQX")), i.fallbackAddresses()));
        STATED.put("On mainnet, with fallback (P2WPKH)", i ->
                assertEquals(List.of(segwit("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")), i.fallbackAddresses()));
        STATED.put("On mainnet, with fallback (P2WSH)", i -> assertEquals(
                List.of(segwit("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3")), i.fallbackAddresses()));
        STATED.put("On mainnet, with fallback (P2TR)", i -> assertEquals(
                List.of(segwit("bc1pptdvg0d2nj99568qn6ssdy4cygnwuxgw2ukmnwgwz7jpqjz2kszse2s3lm")), i.fallbackAddresses()));
        STATED.put("Please send 0.00967878534 BTC", i -> {
            assertEquals(Network.BITCOIN, i.network());
            assertEquals(967_878_534L, i.amountMsat());
            assertEquals(1572468703L, i.timestamp());
            assertEquals("462264ede7e14047e9b249da94fefc47f41f7d02ee9b091815a5506bc8abf75f", i.paymentHash());
            assertEquals("Blockstream Store: 88.85 USD for Blockstream Ledger Nano S x 1, \"Back In My Day\" "
                    + "Sticker x 2, \"I Got Lightning Working\" Sticker x 2 and 1 more items", i.description());
            assertEquals(604800, i.expirySeconds());
            assertEquals(10, i.minFinalCltvExpiry());
            assertEquals(List.of(List.of(new RouteHop(
                    "03d06758583bb5154774a6eb221b1276c9e82d65bbaceca806d90e20c108f4b1c7",
                    "589390x3312x1", 1000, 2500, 40))), i.routeHints());
        });
        STATED.put("Please send $30 for coffee beans", ExamplesCoffeeBeans::check);
        STATED.put("Same, but all upper case", ExamplesCoffeeBeans::check);
        STATED.put("Same, but including fields which must be ignored", i -> {
            ExamplesCoffeeBeans.check(i);
            assertEquals(List.of(), i.fallbackAddresses(), "fallback of unknown version 19 is skipped");
            assertEquals(14, i.fields().size(), "ignored fields are still kept for re-encoding");
        });
        STATED.put("Please send 0.01 BTC with payment metadata", i -> {
            assertStandard(i, Network.BITCOIN, 1_000_000_000L);
            assertEquals("payment metadata inside", i.description());
            assertEquals("01fafaf0", i.metadata());
            assertEquals(FeatureHex.bits(8, 14, 48), i.featuresHex());
        });
        STATED.put("Public-key recovery with high-S signature", i -> {
            assertStandard(i, Network.BITCOIN, null);
            assertEquals("Please consider supporting this project", i.description());
        });
    }

    /** The coffee-beans example and its variants: features 8, 14 and 99. */
    private static final class ExamplesCoffeeBeans {
        static void check(Bolt11Invoice i) {
            assertStandard(i, Network.BITCOIN, 2_500_000_000L);
            assertEquals("coffee beans", i.description());
            assertEquals(FeatureHex.bits(8, 14, 99), i.featuresHex());
        }
    }

    /** Feature hex as Core Lightning prints it for the minimal 5-bit encoding of these bits. */
    private static final class FeatureHex {
        static String bits(int... bits) {
            BigInteger value = BigInteger.ZERO;
            for (int bit : bits) {
                value = value.setBit(bit);
            }
            int groups = (value.bitLength() + 4) / 5;
            String hex = value.toString(16);
            return "0".repeat((groups * 5 + 7) / 8 * 2 - hex.length()) + hex;
        }
    }

    @Test
    void readsEveryExampleFromTheSpec() {
        assertEquals(16, TestVectors.valid().size());
        assertEquals(10, TestVectors.invalid().size());
        assertEquals(STATED.size(), TestVectors.valid().stream().map(v -> stated(v.heading())).distinct().count(),
                "every valid example has its own stated expectations");
    }

    @TestFactory
    Stream<DynamicTest> validExamplesDecodeToWhatTheyState() {
        return TestVectors.valid().stream().map(v -> DynamicTest.dynamicTest(v.heading(), () -> {
            Bolt11Invoice invoice = Bolt11.decode(v.invoice());
            assertEquals(TestVectors.PAYEE, invoice.payeeNodeId());
            assertEquals(SECRET, invoice.paymentSecret());
            assertEquals(130, invoice.signature().length());
            assertTrue(invoice.description() != null || invoice.descriptionHash() != null);
            stated(v.heading()).accept(invoice);
        }));
    }

    @TestFactory
    Stream<DynamicTest> invalidExamplesAreRejectedForTheirStatedReason() {
        Map<String, String> reasons = Map.of(
                "Same, but adding invalid unknown feature 100", "unknown feature bit 100",
                "Bech32 checksum is invalid.", "checksum",
                "Malformed bech32 string (no 1)", "separator",
                "Malformed bech32 string (mixed case)", "mixed case",
                "Signature is not recoverable.", "not recoverable",
                "String is too short.", "too short",
                "Invalid multiplier", "multiplier",
                "Invalid sub-millisatoshi precision.", "sub-millisatoshi precision",
                "Missing required `s` field.", "payment secret (s field)",
                "Non canonical signature (high-S) with 'n' field defined", "high-S");
        assertEquals(reasons.keySet(), TestVectors.invalid().stream().map(TestVectors.Vector::heading)
                .collect(Collectors.toSet()));
        return TestVectors.invalid().stream().map(v -> DynamicTest.dynamicTest(v.heading(), () -> {
            Bolt11Exception e = assertThrows(Bolt11Exception.class, () -> Bolt11.decode(v.invoice()));
            assertTrue(e.reason().contains(reasons.get(v.heading())), e.reason());
        }));
    }

    @TestFactory
    Stream<DynamicTest> reEncodingWithTheSpecKeyReproducesEachExample() {
        return TestVectors.valid().stream().map(v -> DynamicTest.dynamicTest(v.heading(), () -> {
            Bolt11Invoice decoded = Bolt11.decode(v.invoice());
            String encoded = Bolt11.encode(decoded, KEY);
            if (v.heading().startsWith("Public-key recovery with high-S")) {
                // This example's signature was made high-S on purpose; bitcoinj signs low-S, which gives back
                // its low-S twin, the first example (same fields, same recovery id).
                assertEquals(TestVectors.valid().get(0).invoice(), encoded);
                assertEquals(withoutSignature(decoded), withoutSignature(Bolt11.decode(encoded)));
            } else {
                assertEquals(v.invoice().toLowerCase(Locale.ROOT), encoded);
            }
        }));
    }

    @Test
    void signedDataMatchesTheBreakdownOfTheFirstExample() {
        Bolt11Invoice invoice = Bolt11.decode(TestVectors.valid().get(0).invoice());
        assertEquals("8d3ce9e28357337f62da0162d9454df827f83cfe499aeb1c1db349d4d81127425e434ca29929406c23bba1ae"
                + "8ac6ca32880b38d4bf6ff874024cac34ba9625f101", invoice.signature());
    }

    @Test
    void decodedInvoicesExpireAfterTheirExpiry() {
        Bolt11Invoice invoice = Bolt11.decode(TestVectors.valid().get(1).invoice());
        assertTrue(!invoice.isExpired(TIMESTAMP + 60));
        assertTrue(invoice.isExpired(TIMESTAMP + 61));
    }

    private static Consumer<Bolt11Invoice> stated(String heading) {
        return STATED.entrySet().stream()
                .filter(e -> heading.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no expectations written for: " + heading));
    }

    private static void assertStandard(Bolt11Invoice i, Network network, Long amountMsat) {
        assertEquals(network, i.network());
        assertEquals(amountMsat, i.amountMsat());
        assertEquals(TIMESTAMP, i.timestamp());
        assertEquals(HASH, i.paymentHash());
        assertNotNull(i.featuresHex());
    }

    private static Bolt11Invoice withoutSignature(Bolt11Invoice i) {
        return new Bolt11Invoice(i.network(), i.amountMsat(), i.timestamp(), i.fields(), i.payeeNodeId(), null);
    }

    /** P2PKH (17) / P2SH (18) fallback: the hash160 inside the base58check address. */
    private static FallbackAddress legacy(int version, String address) {
        byte[] decoded = Base58.decodeChecked(address);
        return new FallbackAddress(version, HexFormat.of().formatHex(Arrays.copyOfRange(decoded, 1, decoded.length)));
    }

    private static FallbackAddress segwit(String address) {
        SegwitAddress a = SegwitAddress.fromBech32(address, BitcoinNetwork.MAINNET);
        return new FallbackAddress(a.getWitnessVersion(), HexFormat.of().formatHex(a.getWitnessProgram()));
    }
}
