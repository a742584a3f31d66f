package till.bolt11;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.crypto.ECKey;

/** The invoice signature: recoverable secp256k1 ECDSA over SHA-256(hrp || data), sent as r || s || recovery id. */
final class InvoiceSignature {

    static final int BYTES = 65;

    private static final HexFormat HEX = HexFormat.of();

    private InvoiceSignature() {
    }

    /** What is signed: the hrp's UTF-8 bytes, then the data groups before the signature packed into bytes. */
    static Sha256Hash hash(String hrp, byte[] dataGroups) {
        byte[] hrpBytes = hrp.getBytes(StandardCharsets.UTF_8);
        byte[] data = Bech32.toBytesPadded(dataGroups);
        byte[] preimage = Arrays.copyOf(hrpBytes, hrpBytes.length + data.length);
        System.arraycopy(data, 0, preimage, hrpBytes.length, data.length);
        return Sha256Hash.of(preimage);
    }

    /** RFC 6979 deterministic, low-S (bitcoinj canonicalises), with the recovery id that yields our key. */
    static byte[] sign(Sha256Hash hash, ECKey key) {
        ECKey.ECDSASignature sig = key.sign(hash);
        for (int recId = 0; recId < 4; recId++) {
            ECKey recovered = ECKey.recoverFromSignature(recId, sig, hash, true);
            if (recovered != null && recovered.getPubKeyPoint().equals(key.getPubKeyPoint())) {
                byte[] out = new byte[BYTES];
                System.arraycopy(to32(sig.r), 0, out, 0, 32);
                System.arraycopy(to32(sig.s), 0, out, 32, 32);
                out[64] = (byte) recId;
                return out;
            }
        }
        throw new IllegalStateException("no recovery id reproduces the signing key");
    }

    /**
     * The payee's compressed public key as hex. With a stated node id (n field) the signature must verify
     * against it and be low-S; without one the key is recovered, and a high-S signature is accepted.
     */
    static String payee(Sha256Hash hash, byte[] signature, String statedNodeId) {
        int recId = signature[64];
        ECKey.ECDSASignature sig = new ECKey.ECDSASignature(
                new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
        if (statedNodeId != null) {
            if (!sig.isCanonical()) {
                throw new Bolt11SignatureException("non-canonical signature (high-S) with an n field");
            }
            if (!verifies(hash, sig, HEX.parseHex(statedNodeId))) {
                throw new Bolt11SignatureException("signature does not verify against the n field's node id");
            }
            return statedNodeId;
        }
        if (recId < 0 || recId > 3) {
            throw new Bolt11SignatureException("signature is not recoverable: recovery id " + recId + " is not 0-3");
        }
        // BOLT #11's high-S example keeps the recovery id of its low-S twin, so recover from the low-S form
        ECKey recovered = recover(recId, sig.toCanonicalised(), hash);
        if (recovered == null) {
            throw new Bolt11SignatureException("signature is not recoverable");
        }
        return HEX.formatHex(recovered.getPubKeyPoint().getEncoded(true));
    }

    /** bitcoinj throws rather than returning null for some impossible points; both mean "not recoverable". */
    private static ECKey recover(int recId, ECKey.ECDSASignature sig, Sha256Hash hash) {
        try {
            return ECKey.recoverFromSignature(recId, sig, hash, true);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean verifies(Sha256Hash hash, ECKey.ECDSASignature sig, byte[] pubkey) {
        try {
            return ECKey.verify(hash.getBytes(), sig, pubkey);
        } catch (IllegalArgumentException e) {
            throw new Bolt11SignatureException("n field is not a valid public key");
        }
    }

    private static byte[] to32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }
}
