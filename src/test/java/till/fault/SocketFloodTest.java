package till.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import till.Await;
import till.ChildProcess;
import till.RawHttp;
import till.RawWebSocket;
import till.RawWebSocket.Frame;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;

/**
 * The soak test of issue 12: 20,000 status WebSockets from one address against a Till with a 256 MB heap. Past the
 * cap of that address every one is refused with close code 1013, while a customer on another address creates an
 * invoice, pays it and hears of it on its own socket; no background thread dies and the heap stays bounded.
 */
class SocketFloodTest {
    private static final String READY = "Till is running at";
    private static final int ATTEMPTS = 20_000;
    private static final int PER_ADDRESS = 500;
    private static final int INVOICES = 30;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twentyThousandSocketsFromOneAddressAreRefusedPastTheCapWhileACustomerIsServed() throws Exception {
        Path root = TestTill.tempDir();
        int port = ChildProcess.freePort();
        Map<String, String> env = Map.of("TILL_PORT", Integer.toString(port), "TILL_DATA_DIR", root.resolve("till").toString(),
                "TILL_ADMIN_KEY", TestTill.ADMIN_KEY, "TILL_WS_MAX_PER_ADDRESS", Integer.toString(PER_ADDRESS));
        List<RawWebSocket> accepted = Collections.synchronizedList(new ArrayList<>());
        ExecutorService attackers = Executors.newFixedThreadPool(8);
        try (ChildProcess till = ChildProcess.start(List.of(), env, root.resolve("till.log"), READY)) {
            TillClient client = new TillClient("http://127.0.0.1:" + port);
            Shop shop = client.createShop(0);
            List<String> invoices = new ArrayList<>();
            for (int i = 0; i < INVOICES; i++) {
                invoices.add(client.createInvoice(shop, 1000).get("invoiceHash").asText());
            }

            long start = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            List<Future<?>> flood = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                flood.add(attackers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < ATTEMPTS; i = next.getAndIncrement()) {
                        RawWebSocket socket = RawWebSocket.open("127.0.0.1", port, "/invoice/" + invoices.get(i % INVOICES) + "/ws");
                        Frame first = socket.next();
                        if (first.json().has("status")) {
                            accepted.add(socket);
                            continue;
                        }
                        int close = socket.next().closeCode();
                        socket.close();
                        if ("too_many_sockets".equals(first.json().path("code").asText()) && close == 1013) {
                            refused.incrementAndGet();
                        } else {
                            unexpected.add(first.text() + " then close " + close);
                        }
                    }
                    return null;
                }));
            }

            // A customer on another address, in the middle of the flood.
            Await.until("a quarter of the flood", Duration.ofSeconds(60), () -> next.get() >= ATTEMPTS / 4);
            customerIsServed(port, shop);

            for (Future<?> attacker : flood) {
                attacker.get(90, TimeUnit.SECONDS);
            }
            System.out.printf("socket flood: %d attempts in %.1f s, %d accepted, %d refused with 1013%n", ATTEMPTS,
                    (System.nanoTime() - start) / 1e9, accepted.size(), refused.get());
            assertEquals(List.of(), List.copyOf(unexpected));
            assertEquals(PER_ADDRESS, accepted.size());
            assertEquals(ATTEMPTS - PER_ADDRESS, refused.get());

            customerIsServed(port, shop);
            assertTrue(till.isAlive(), "Till is still running");
            assertEquals(200, RawHttp.request("127.0.0.2", port, "GET", "/health", "").status());
            long heap = heapAfterGc(till, port);
            System.out.printf("socket flood: heap after GC %.1f MB with %d sockets open%n", heap / 1e6, accepted.size());
            assertTrue(heap < 96_000_000L, "heap after GC bounded: " + heap);
            String log = Files.readString(till.log());
            for (String death : List.of("OutOfMemoryError", "Exception in thread", "stopped on an uncaught")) {
                assertFalse(log.contains(death), "the log shows a thread that died: " + death);
            }
        } finally {
            attackers.shutdownNow();
            accepted.forEach(RawWebSocket::close);
        }
    }

    /** From 127.0.0.2: creates an invoice, watches it on its status socket, pays it and hears it paid. */
    private static void customerIsServed(int port, Shop shop) {
        RawHttp.Answer created = RawHttp.request("127.0.0.2", port, "POST", "/invoice/add", TillClient.invoiceBody(shop, 2500));
        assertEquals(201, created.status(), created.body());
        String hash = created.json().get("invoiceHash").asText();
        try (RawWebSocket socket = RawWebSocket.open("127.0.0.2", port, "/invoice/" + hash + "/ws")) {
            assertEquals("unpaid", socket.next().json().get("status").asText());
            RawHttp.Answer paid = RawHttp.request("127.0.0.2", port, "POST", "/simulator/pay/" + hash, "");
            assertEquals(200, paid.status(), paid.body());
            assertEquals("paid", socket.next().json().get("status").asText());
            assertEquals(1000, socket.next().closeCode());
        }
    }

    /** The child's heap in use right after a full collection, from its own metrics. */
    private static long heapAfterGc(ChildProcess till, int port) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(till.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertEquals(0, gc.waitFor(), "jcmd GC.run");
        String metrics = RawHttp.request("127.0.0.2", port, "GET", "/metrics", "").body();
        Matcher used = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\",[^}]*} (\\S+)$").matcher(metrics);
        double heap = 0;
        while (used.find()) {
            heap += Double.parseDouble(used.group(1));
        }
        assertTrue(heap > 0, "heap metrics found");
        return (long) heap;
    }
}
