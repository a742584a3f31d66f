package till;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import till.store.Database;

/** A start that fails half-way (here: the port is taken) closes everything it had opened: no thread, no file lock. */
class FailedStartTest {
    @Test
    void aStartOnATakenPortLeavesNoThreadAndNoFileLock() throws Exception {
        Path dataDir = TestTill.tempDir();
        try (TestTill first = TestTill.start(dataDir, Map.of())) {
            // Warm up what lives once per JVM (OkHttp's and H2's shared threads), so that only this start's are counted.
            assertEquals(200, first.get("/version", null).status());
        }
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThrows(RuntimeException.class, () -> TestTill.start(dataDir,
                    Map.of("TILL_PORT", Integer.toString(taken.getLocalPort()))));
        }
        try {
            Await.until("every thread of the failed start to end", Duration.ofSeconds(20), () -> newThreads(before).isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError("threads left: " + newThreads(before), e);
        }
        try (FileChannel file = FileChannel.open(dataDir.resolve(Database.FILE_NAME), StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock lock = file.tryLock()) {
            assertNotNull(lock, "the database file is still locked");
        }
    }

    /** Besides OkHttp's one task runner, which every client in the JVM shares and which ends a minute after its work. */
    private static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName).filter(name -> !name.equals("OkHttp TaskRunner")).collect(Collectors.toSet());
    }
}
