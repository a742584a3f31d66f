package till.node.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bitcoinj.crypto.ECKey;
import till.bolt11.Bolt11;
import till.bolt11.Bolt11Exception;
import till.bolt11.Bolt11Invoice;
import till.bolt11.Network;

/** Issues real, signed regtest BOLT11 invoices the way Core Lightning does, and decodes them for {@code decode}. */
final class SimBolt11 implements SimNodeState.Minter {
    /** What Core Lightning writes on regtest: min_final_cltv_expiry 10, features var_onion + payment_secret (+MPP). */
    static final int MIN_FINAL_CLTV_EXPIRY = 10;
    static final String FEATURES = "02024100";
    private static final HexFormat HEX = HexFormat.of();

    private final ECKey key;
    private final SecureRandom random = new SecureRandom();

    SimBolt11(ECKey key) {
        this.key = key;
    }

    @Override
    public SimInvoice mint(String label, Long amountMsat, String description, boolean hashOnly, long expirySeconds,
                           long now) {
        byte[] preimage = randomBytes();
        String paymentHash = HEX.formatHex(sha256(preimage));
        String paymentSecret = HEX.formatHex(randomBytes());
        // deschashonly: Core Lightning writes the description's SHA-256 as the h field and keeps no description, so
        // its listinvoices then shows none.
        Bolt11Invoice unsigned = hashOnly
                ? Bolt11Invoice.forPaymentHashingDescription(Network.REGTEST, amountMsat, now, paymentHash,
                        paymentSecret, sha256(description.getBytes(StandardCharsets.UTF_8)), expirySeconds,
                        MIN_FINAL_CLTV_EXPIRY, FEATURES)
                : Bolt11Invoice.forPayment(Network.REGTEST, amountMsat, now, paymentHash, paymentSecret,
                        description, expirySeconds, MIN_FINAL_CLTV_EXPIRY, FEATURES);
        String bolt11 = Bolt11.encode(unsigned, key);
        return new SimInvoice(label, bolt11, paymentHash, HEX.formatHex(preimage), paymentSecret, amountMsat,
                hashOnly ? null : description, now, now + expirySeconds, 0, null, null, null, null);
    }

    /** The result of {@code decode} for a bolt11 string, as Core Lightning writes it. */
    static ObjectNode decode(ObjectMapper json, String text) {
        Bolt11Invoice invoice;
        try {
            invoice = Bolt11.decode(text);
        } catch (Bolt11Exception | IllegalArgumentException e) {
            throw SimRpcError.invalidParams("string: Invalid bolt11: " + e.getMessage());
        }
        ObjectNode o = json.createObjectNode()
                .put("type", "bolt11 invoice")
                .put("currency", invoice.network().hrpPrefix())
                .put("created_at", invoice.timestamp())
                .put("expiry", invoice.expirySeconds())
                .put("payee", invoice.payeeNodeId());
        if (invoice.amountMsat() != null) {
            o.put("amount_msat", invoice.amountMsat());
        }
        if (invoice.description() != null) {
            o.put("description", invoice.description());
        }
        if (invoice.descriptionHash() != null) {
            o.put("description_hash", invoice.descriptionHash());
        }
        o.put("min_final_cltv_expiry", invoice.minFinalCltvExpiry());
        if (invoice.paymentSecret() != null) {
            o.put("payment_secret", invoice.paymentSecret());
        }
        if (invoice.featuresHex() != null) {
            o.put("features", invoice.featuresHex());
        }
        return o.put("payment_hash", invoice.paymentHash())
                .put("signature", derSignature(invoice.signature()))
                .put("valid", true);
    }

    /** BOLT11 carries r || s || recovery id; Core Lightning reports the DER encoding of (r, s). */
    private static String derSignature(String compactHex) {
        byte[] compact = HEX.parseHex(compactHex);
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(compact, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(compact, 32, 64));
        return HEX.formatHex(new ECKey.ECDSASignature(r, s).encodeToDER());
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
