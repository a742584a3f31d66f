package till.node.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import org.bitcoinj.crypto.ECKey;
import till.files.OwnerOnly;

/** The simulated node's identity: a secp256k1 key created once and kept in {@code node.key} (mode 0600). */
final class SimNodeKey {
    static final String FILE_NAME = "node.key";

    private SimNodeKey() {}

    static ECKey loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            create(file);
        } else {
            OwnerOnly.tighten(file);
        }
        String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return ECKey.fromPrivate(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt node key in " + file);
        }
    }

    private static void create(Path file) throws IOException {
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temp);
        OwnerOnly.createFile(temp);
        Files.writeString(temp, HexFormat.of().formatHex(new ECKey().getPrivKeyBytes()) + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(temp);
        }
    }
}
