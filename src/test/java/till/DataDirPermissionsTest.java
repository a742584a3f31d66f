package till;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The data directory holds webhook secrets and keys: Till makes it and everything it writes there owner-only
 * (0700 and 0600) whatever the umask, and tightens what it finds too open.
 */
@FirstRunOnly
class DataDirPermissionsTest {
    @Test
    void aNewDataDirectoryAndItsFilesAreOwnerOnly() throws IOException {
        Path dataDir = TestTill.tempDir().resolve("till").resolve("data");
        try (TestTill server = TestTill.start(dataDir, Map.of())) {
            server.createInvoice(server.createShop(0), 1000);
            assertOwnerOnly(dataDir);
        }
    }

    @Test
    void tooOpenPermissionsFromBeforeAreTightened() throws IOException {
        Path dataDir = TestTill.tempDir();
        try (TestTill server = TestTill.start(dataDir, Map.of())) {
            server.createShop(0);
        }
        try (Stream<Path> all = Files.walk(dataDir)) {
            for (Path path : all.toList()) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        try (TestTill server = TestTill.start(dataDir, Map.of())) {
            assertOwnerOnly(dataDir);
        }
    }

    private static void assertOwnerOnly(Path dataDir) throws IOException {
        List<Path> paths;
        try (Stream<Path> all = Files.walk(dataDir)) {
            paths = all.toList();
        }
        assertTrue(paths.contains(dataDir.resolve("invoices.mv.db")), paths.toString());
        assertTrue(paths.contains(dataDir.resolve("sim-node").resolve("node.key")), paths.toString());
        for (Path path : paths) {
            String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
            assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), path.toString());
        }
    }
}
