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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import till.store.Database;

/**
 * A start that fails half-way (here: the port is taken) closes everything it had opened: no thread, no file lock. And
 * a Till that has worked (watched the node, paid out, sent a webhook) leaves no thread once closed.
 */
class FailedStartTest {
    @Test
    @FirstRunOnly
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
        awaitNoNewThreads(before);
        try (FileChannel file = FileChannel.open(dataDir.resolve(Database.FILE_NAME), StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock lock = file.tryLock()) {
            assertNotNull(lock, "the database file is still locked");
        }
    }

    @Test
    void aTillClosedAfterWorkLeavesNoThread() throws Exception {
        warmUp();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (WebhookReceiver receiver = new WebhookReceiver(r -> WebhookReceiver.Answer.of(200));
             TestTill till = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"))) {
            TillClient.Shop shop = till.createShop(0);
            till.fund(shop, 100_000);
            assertEquals(200, till.payBolt11(shop, TestInvoices.external(10_000L)).status(), "paid out through the node");
            String body = "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 3000, \"webhookUrl\": \""
                    + receiver.url("/hook") + "\"}";
            assertEquals(200, till.pay(till.post("/invoice/add", body, null).text("invoiceHash")).status());
            assertNotNull(receiver.received.poll(20, TimeUnit.SECONDS), "the webhook was sent");
        }
        awaitNoNewThreads(before);
    }

    private static void warmUp() {
        try (TestTill first = TestTill.start()) {
            assertEquals(200, first.get("/version", null).status());
        }
    }

    private static void awaitNoNewThreads(Set<Thread> before) {
        try {
            Await.until("every thread of the Till to end", Duration.ofSeconds(20), () -> newThreads(before).isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError("threads left: " + newThreads(before), e);
        }
    }

    /**
     * Besides OkHttp's one task runner, which every client in the JVM shares and which ends a minute after its work
     * (its threads take the name of the task they run, such as "OkHttp ConnectionPool connection closer"),
     * and the workers of the tests' own HTTP client (TillClient's, one for the JVM).
     */
    private static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName).filter(name -> !name.startsWith("OkHttp ") && !name.startsWith("HttpClient-")).collect(Collectors.toSet());
    }
}
