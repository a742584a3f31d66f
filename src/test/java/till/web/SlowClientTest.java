package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.RawHttp;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;
import till.WsClient;

/** Idle and slow clients are cut after the HTTP idle timeout (1 s here), and nobody else notices. */
class SlowClientTest {
    static TestTill server;
    static int port;
    static Shop shop;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_HTTP_IDLE_TIMEOUT", "1"));
        port = Integer.parseInt(server.url.substring(server.url.lastIndexOf(':') + 1));
        shop = server.createShop(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * A request on a new connection. The shared test client keeps connections alive, and here Till closes an idle one
     * after 1 s, so a pooled connection reused after a wait can be closed under the request (no answer at all).
     */
    private static RawHttp.Answer fresh(String method, String path, String json) {
        return RawHttp.request("127.0.0.1", port, method, path, json);
    }

    @Test
    void manyIdleConnectionsAreClosedAndANormalClientIsServedMeanwhile() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                idle.add(RawHttp.connect("127.0.0.1", port)); // connects, then says nothing
            }
            for (int i = 0; i < 20; i++) {
                // A keep-alive client that made one request and then went quiet.
                Socket kept = RawHttp.connect("127.0.0.1", port);
                kept.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                idle.add(kept);
            }
            assertEquals(200, fresh("GET", "/health", "").status(), "served while 220 connections are open");
            Await.until("every idle connection closed by Till", Duration.ofSeconds(15),
                    () -> idle.stream().allMatch(RawHttp::closedByServer));
            assertEquals(201, fresh("POST", "/invoice/add", TillClient.invoiceBody(shop, 1000)).status());
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void aClientSendingItsHeadersAByteAtATimeIsCut() throws Exception {
        String request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-Slow: " + "a".repeat(2000) + "\r\n\r\n";
        assertCutWhileDripping(request);
    }

    @Test
    void aClientSendingItsBodyAByteAtATimeIsCut() throws Exception {
        String body = "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 1000, \"tag\": \"" + "t".repeat(40) + "\"}"
                + " ".repeat(2000);
        String request = "POST /invoice/add HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        assertCutWhileDripping(request);
    }

    /** Sends {@code request} one byte every 100 ms (a whole request would take minutes) and expects Till to hang up. */
    private static void assertCutWhileDripping(String request) throws Exception {
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (Socket socket = RawHttp.connect("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            drip.scheduleAtFixedRate(() -> {
                try {
                    out.write(bytes[sent.get()]);
                    out.flush();
                    sent.incrementAndGet();
                } catch (IOException | ArrayIndexOutOfBoundsException e) {
                    throw new IllegalStateException("stop dripping", e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            Await.until("the slow client cut off", Duration.ofSeconds(15), () -> RawHttp.closedByServer(socket));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("slow client: cut after %.1f s and %d of %d bytes%n", seconds, sent.get(), bytes.length);
            assertTrue(sent.get() < bytes.length, "cut before the request was complete");
            assertEquals(200, fresh("GET", "/health", "").status());
        } finally {
            drip.shutdownNow();
        }
    }

    @Test
    void anInvoiceWebSocketOutlivesTheHttpIdleTimeout() throws Exception {
        String hash = fresh("POST", "/invoice/add", TillClient.invoiceBody(shop, 2000)).json().get("invoiceHash").asText();
        try (WsClient socket = new WsClient(server.url.replace("http", "ws") + "/invoice/" + hash + "/ws");
             Socket probe = RawHttp.connect("127.0.0.1", port)) {
            assertEquals("unpaid", socket.next(Duration.ofSeconds(10)).get("status").asText());
            // An idle HTTP connection opened after the socket being closed proves the timeout has passed; twice over.
            Await.until("an idle HTTP connection closed", Duration.ofSeconds(15), () -> RawHttp.closedByServer(probe));
            try (Socket second = RawHttp.connect("127.0.0.1", port)) {
                Await.until("another idle HTTP connection closed", Duration.ofSeconds(15), () -> RawHttp.closedByServer(second));
            }
            assertEquals(200, fresh("POST", "/simulator/pay/" + hash, "").status());
            assertEquals("paid", socket.next(Duration.ofSeconds(10)).get("status").asText(), "the WebSocket was still open");
        }
    }
}
