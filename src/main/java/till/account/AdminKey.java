package till.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The admin key: taken from TILL_ADMIN_KEY, or generated on first start. Only its hash is kept ({@link AdminKeyStore}:
 * a file in the data directory on H2, a row of the database on PostgreSQL); the key itself is shown once.
 */
public final class AdminKey {
    private static final String ADMIN_KEY_PREFIX = "till_admin_";

    private final byte[] hash;

    private AdminKey(String hashHex) {
        this.hash = hashHex.getBytes(StandardCharsets.US_ASCII);
    }

    /** The outcome of start-up: the key checker, and the new key if one was just generated (to print once). */
    public record Bootstrap(AdminKey key, String generatedKey) {}

    public static Bootstrap load(AdminKeyStore store, String configuredKey) {
        if (configuredKey != null) {
            return new Bootstrap(new AdminKey(Secrets.hash(configuredKey)), null);
        }
        Optional<String> stored = store.hash();
        if (stored.isPresent()) {
            return new Bootstrap(new AdminKey(stored.get()), null);
        }
        String key = Secrets.newApiKey(ADMIN_KEY_PREFIX);
        String kept = store.storeIfAbsent(Secrets.hash(key));
        // Another process may have stored its key first: then that one is the key, and this one is never shown.
        return kept.equals(Secrets.hash(key)) ? new Bootstrap(new AdminKey(kept), key) : new Bootstrap(new AdminKey(kept), null);
    }

    /**
     * Replaces the stored hash with a new key's and returns the key, to show once. A running Till keeps the old key
     * until it restarts, and {@code TILL_ADMIN_KEY}, when set, wins over the stored hash.
     */
    public static String rotate(AdminKeyStore store) {
        String key = Secrets.newApiKey(ADMIN_KEY_PREFIX);
        store.replace(Secrets.hash(key));
        return key;
    }

    /**
     * A value that names this admin key without revealing anything that would check a guess of it (the SHA-256 of its
     * stored hash): what the operator's dashboard sessions remember, so that a new admin key ends them.
     */
    public String check() {
        return Secrets.hash(new String(hash, StandardCharsets.US_ASCII));
    }

    /** Constant-time comparison, so response timing says nothing about the key. */
    public boolean matches(String candidate) {
        return MessageDigest.isEqual(hash, Secrets.hash(candidate).getBytes(StandardCharsets.US_ASCII));
    }
}
