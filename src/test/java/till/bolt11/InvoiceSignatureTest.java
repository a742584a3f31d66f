package till.bolt11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;

/**
 * The signature decides who is paid: an invoice naming a node (n field) must be signed by that node, and without
 * an n field the payee is the key the signature recovers, whichever of the recovery ids it carries.
 */
class InvoiceSignatureTest {
    private static final String HASH = "92782541c14b4be4797af57f47be7bbaa57a0f0c19042a54691994e4b3fb7a70";
    private static final String SECRET = "42518b412205cda8eb89aeb36d82c55676ae280c06f8c4c9ada2ce2b87a805ab";
    private static final int SIGNATURE_GROUPS = 104;

    @Test
    void anInvoiceNamingANodeButSignedByAnotherKeyIsRefused() {
        ECKey node = ECKey.fromPrivate(BigInteger.valueOf(1_000_003));
        ECKey forger = ECKey.fromPrivate(BigInteger.valueOf(2_000_003));
        String genuine = Bolt11.encode(naming(node), node);
        assertEquals(hex(node.getPubKey()), Bolt11.decode(genuine).payeeNodeId());

        Bolt11SignatureException e = assertThrows(Bolt11SignatureException.class, () -> Bolt11.decode(resigned(genuine, forger)));
        assertEquals("signature does not verify against the n field's node id", e.getMessage());
    }

    @Test
    void withoutAnNFieldThePayeeIsTheRecoveredKeyForEitherRecoveryId() {
        List<Integer> seen = new ArrayList<>();
        for (int k = 1; k < 40 && seen.size() < 2; k++) {
            ECKey key = ECKey.fromPrivate(BigInteger.valueOf(7_000_000 + k)); // deterministic: RFC 6979 signatures
            String bolt11 = Bolt11.encode(plain(), key);
            Bolt11Invoice decoded = Bolt11.decode(bolt11);
            assertEquals(hex(key.getPubKey()), decoded.payeeNodeId());
            int recId = HexFormat.of().parseHex(decoded.signature())[64];
            if (!seen.contains(recId)) {
                seen.add(recId);
            }
        }
        assertEquals(List.of(0, 1), seen.stream().sorted().toList(), "both usual recovery ids were decoded");
    }

    @Test
    void aRecoveryIdOutsideZeroToThreeIsRefusedAndThreeIsTriedButRecoversNothingHere() {
        String genuine = Bolt11.encode(plain(), ECKey.fromPrivate(BigInteger.valueOf(3_000_017)));
        for (int recId : new int[] {4, 31}) {
            assertEquals("signature is not recoverable: recovery id " + recId + " is not 0-3", refusal(genuine, recId));
        }
        // Id 3 is legal but needs r + n below the field prime, which a real r practically never is.
        assertEquals("signature is not recoverable", refusal(genuine, 3));
    }

    private static String refusal(String bolt11, int recId) {
        Bech32.Decoded decoded = Bech32.decode(bolt11);
        byte[] signature = Bech32.toBytes(Arrays.copyOfRange(decoded.data(), decoded.data().length - SIGNATURE_GROUPS,
                decoded.data().length));
        signature[64] = (byte) recId;
        String changed = withSignature(decoded, signature);
        return assertThrows(Bolt11SignatureException.class, () -> Bolt11.decode(changed)).getMessage();
    }

    private static Bolt11Invoice plain() {
        return Bolt11Invoice.forPayment(Network.REGTEST, 1_000_000L, 1795483271L, HASH, SECRET, "coffee", 3600, 18, null);
    }

    private static Bolt11Invoice naming(ECKey node) {
        List<TaggedField> fields = new ArrayList<>(plain().fields());
        fields.add(TaggedField.ofBytes('n', node.getPubKey()));
        return new Bolt11Invoice(Network.REGTEST, 1_000_000L, 1795483271L, fields, null, null);
    }

    /** The same invoice, every field unchanged, with a valid signature by {@code key} over it. */
    private static String resigned(String bolt11, ECKey key) {
        Bech32.Decoded decoded = Bech32.decode(bolt11);
        return withSignature(decoded, InvoiceSignature.sign(InvoiceSignature.hash(decoded.hrp(), unsigned(decoded)), key));
    }

    private static byte[] unsigned(Bech32.Decoded decoded) {
        return Arrays.copyOf(decoded.data(), decoded.data().length - SIGNATURE_GROUPS);
    }

    private static String withSignature(Bech32.Decoded decoded, byte[] signature) {
        byte[] unsigned = unsigned(decoded);
        byte[] groups = Bech32.toFiveBit(signature);
        byte[] data = Arrays.copyOf(unsigned, unsigned.length + groups.length);
        System.arraycopy(groups, 0, data, unsigned.length, groups.length);
        return Bech32.encode(decoded.hrp(), data);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
