package till;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import org.bitcoinj.crypto.ECKey;
import till.bolt11.Bolt11;
import till.bolt11.Bolt11Invoice;
import till.bolt11.Network;
import till.node.sim.SimNode;

/** BOLT11 invoices of "other nodes" for payment tests: signed by a key of their own, on any network. */
public final class TestInvoices {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One payee for all external invoices (a node elsewhere on the simulated network). */
    public static final ECKey PAYEE = new ECKey();

    private TestInvoices() {}

    /** A regtest invoice of another node, valid for 10 minutes. */
    public static String external(Long amountMsat) {
        return external(Network.REGTEST, amountMsat, Instant.now().getEpochSecond(), 600);
    }

    /** Its payment hash is that of the preimage the simulated network's payee reveals when paid (see SimNode). */
    public static String external(Network network, Long amountMsat, long createdAt, long expirySeconds) {
        String secret = randomHex();
        String hash = sha256Hex(SimNode.networkPreimage(secret));
        return Bolt11.encode(Bolt11Invoice.forPayment(network, amountMsat, createdAt, hash, secret,
                "from another node", expirySeconds, 10, "02024100"), PAYEE);
    }

    /** The same invoice (payment hash, amount, everything) signed by {@code key} instead of its payee. */
    public static String reSigned(String bolt11, ECKey key) {
        Bolt11Invoice original = Bolt11.decode(bolt11);
        return Bolt11.encode(new Bolt11Invoice(original.network(), original.amountMsat(), original.timestamp(),
                original.fields(), null, null), key);
    }

    /** Hex SHA-256 of hex bytes: what a preimage must hash to. */
    public static String sha256Hex(String hex) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(hex)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The invoice with one character of its data changed, so that its checksum no longer matches. */
    public static String tampered(String bolt11) {
        int at = bolt11.length() - 20;
        char replacement = bolt11.charAt(at) == 'q' ? 'p' : 'q';
        return bolt11.substring(0, at) + replacement + bolt11.substring(at + 1);
    }

    public static String paymentHash(String bolt11) {
        return Bolt11.decode(bolt11).paymentHash();
    }

    private static String randomHex() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
