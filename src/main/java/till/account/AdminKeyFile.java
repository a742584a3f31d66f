package till.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import till.files.OwnerOnly;

/** The admin key's hash in {@code admin-key.sha256} (mode 0600) in the data directory: for H2's one process. */
public final class AdminKeyFile implements AdminKeyStore {
    public static final String FILE_NAME = "admin-key.sha256";

    private final Path file;

    public AdminKeyFile(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    @Override
    public Optional<String> hash() {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public String storeIfAbsent(String hash) {
        Optional<String> stored = hash();
        if (stored.isPresent()) {
            return stored.get();
        }
        replace(hash);
        return hash;
    }

    @Override
    public void replace(String hash) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            OwnerOnly.createFile(tmp);
            Files.writeString(tmp, hash + "\n", StandardOpenOption.WRITE);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
