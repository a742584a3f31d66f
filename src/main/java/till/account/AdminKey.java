package till.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import till.files.OwnerOnly;

/**
 * The admin key: taken from TILL_ADMIN_KEY, or generated on first start. Only its hash is kept, in
 * {@code admin-key.sha256} (mode 0600) in the data directory; the key itself is shown once.
 */
public final class AdminKey {
    static final String FILE_NAME = "admin-key.sha256";
    private static final String ADMIN_KEY_PREFIX = "till_admin_";

    private final byte[] hash;

    private AdminKey(String hashHex) {
        this.hash = hashHex.getBytes(StandardCharsets.US_ASCII);
    }

    /** The outcome of start-up: the key checker, and the new key if one was just generated (to print once). */
    public record Bootstrap(AdminKey key, String generatedKey) {}

    public static Bootstrap load(Path dataDir, String configuredKey) {
        if (configuredKey != null) {
            return new Bootstrap(new AdminKey(Secrets.hash(configuredKey)), null);
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return new Bootstrap(new AdminKey(Files.readString(file).trim()), null);
            }
            String key = Secrets.newApiKey(ADMIN_KEY_PREFIX);
            writePrivate(file, Secrets.hash(key));
            return new Bootstrap(new AdminKey(Secrets.hash(key)), key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /**
     * Replaces the stored hash with a new key's and returns the key, to show once. A running Till keeps the old key
     * until it restarts, and {@code TILL_ADMIN_KEY}, when set, wins over the file.
     */
    public static String rotate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        String key = Secrets.newApiKey(ADMIN_KEY_PREFIX);
        try {
            writePrivate(file, Secrets.hash(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return key;
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        OwnerOnly.createFile(tmp);
        Files.writeString(tmp, content + "\n", StandardOpenOption.WRITE);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
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
