package till;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.node.sim.SimNode;
import till.store.Database;

/**
 * Till refuses to start on a database it cannot write, with one clear line and a non-zero exit, instead of starting,
 * reporting ok and answering every write with a 500 after the node has signed the invoice. The file system is
 * really read-only (a tmpfs remounted read-only), which stops root too.
 */
@FirstRunOnly
class UnwritableDatabaseTest {
    @Test
    void tillRefusesToStartOnAReadOnlyDatabase() throws IOException {
        // The node keeps its own (writable) data, as a real node does.
        try (Tmpfs fs = Tmpfs.mount(32L * 1024 * 1024); SimNode node = SimNode.start(0, TestTill.tempDir())) {
            Map<String, String> nodeEnv = Map.of("CLN_REST_URL", node.baseUrl(), "CLN_RUNE", "any-rune");
            Path dataDir = fs.dir.resolve("data");
            try (TestTill first = TestTill.start(dataDir, nodeEnv)) {
                first.createShop(0);
            }
            fs.remountReadOnly();

            Database.NotWritableException refused = assertThrows(Database.NotWritableException.class,
                    () -> TestTill.start(dataDir, nodeEnv).close());
            assertTrue(refused.getMessage().startsWith("the database " + dataDir.resolve(Database.FILE_NAME).toAbsolutePath()
                    + " cannot be written"), refused.getMessage());

            Path log = TestTill.tempDir().resolve("till-read-only.log");
            Map<String, String> env = new HashMap<>(nodeEnv);
            env.put("TILL_DATA_DIR", dataDir.toString());
            env.put("TILL_PORT", Integer.toString(ChildProcess.freePort()));
            try (ChildProcess till = ChildProcess.start(List.of(), env, log, "till: cannot start")) {
                till.waitForExit();
                assertEquals(1, till.exitCode());
            }
            List<String> lines = Files.readAllLines(log);
            assertEquals(1, lines.stream().filter(line -> line.startsWith("till: cannot start: the database ")
                    && line.contains("cannot be written")).count(), String.join("\n", lines));
            assertTrue(lines.stream().noneMatch(line -> line.startsWith("\tat ")), "no stack trace: " + String.join("\n", lines));
        }
    }
}
