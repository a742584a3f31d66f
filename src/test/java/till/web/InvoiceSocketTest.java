package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.RawHttp;
import till.TestTill;
import till.WsClient;
import till.TillClient.Shop;

/** The IBEXPay-style invoice WebSocket and the public status WebSocket, over real sockets. */
class InvoiceSocketTest {
    static TestTill server;
    static Shop shop;

    @BeforeAll
    static void start() {
        server = TestTill.start();
        shop = server.createShop(5000);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private String ws(String pathAndQuery) {
        return server.url.replace("http://", "ws://") + pathAndQuery;
    }

    @Test
    void firstMessageIsTheInvoiceSecondThePaidTransactionThenClose1000() throws Exception {
        try (WsClient client = new WsClient(ws("/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=3000&tag=latte"))) {
            JsonNode invoice = client.next(Duration.ofSeconds(10));
            assertEquals("unpaid", invoice.get("status").asText());
            assertEquals(3000, invoice.get("amountMsat").asLong());
            assertEquals("latte", invoice.get("tag").asText());
            String hash = invoice.get("invoiceHash").asText();

            // Measured from the moment the node records the payment, not asserted: timing targets live in the benchmark.
            long paidAt = System.nanoTime();
            server.till.simNode().pay(hash, null);
            JsonNode transaction = client.next(Duration.ofSeconds(10));
            long latencyMicros = (System.nanoTime() - paidAt) / 1000;
            System.out.println("WebSocket notified " + latencyMicros + " µs after the node recorded the payment");

            assertEquals(hash, transaction.get("invoiceHash").asText());
            assertTrue(transaction.get("isPaid").asBoolean());
            assertEquals("paid", transaction.get("status").asText());
            assertEquals(2985, transaction.get("receivedMsat").asLong());
            assertEquals(15, transaction.get("feeProcessMsat").asLong());
            assertEquals(1000, client.awaitClose(Duration.ofSeconds(10)));
        }
    }

    @Test
    void manyUpgradesAtOnceOnAFreshTillAllSucceed() throws Exception {
        // Javalin sets up its WebSocket servlet on the first upgrade, without a lock: see FirstUpgradeAlone. The
        // handshakes go out back to back on connections opened beforehand, so that they arrive together.
        try (TestTill fresh = TestTill.start()) {
            Shop counter = fresh.createShop(0);
            int port = URI.create(fresh.url).getPort();
            String handshake = "GET /invoice/add?bpt_id=" + counter.bptId() + "&amount_msat=1000 HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    sockets.add(RawHttp.connect("127.0.0.1", port));
                }
                for (Socket socket : sockets) {
                    socket.getOutputStream().write(handshake.getBytes(StandardCharsets.US_ASCII));
                }
                for (Socket socket : sockets) {
                    String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.US_ASCII)).readLine();
                    assertEquals("HTTP/1.1 101 Switching Protocols", statusLine);
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void badParametersGiveOneErrorMessageAndClose1008() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("/invoice/add?amount_msat=1000", "missing_field");
        bad.put("/invoice/add?bpt_id=" + shop.bptId(), "missing_field");
        bad.put("/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=abc", "invalid_field");
        bad.put("/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=-5", "invalid_field");
        bad.put("/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=1.5", "invalid_field");
        bad.put("/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=1000&tag=" + "x".repeat(51), "invalid_field");
        bad.put("/invoice/add?bpt_id=unknown&amount_msat=1000", "bpt_not_found");
        bad.put("/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=1000&webhook_url=ftp://example.com", "invalid_field");
        for (Map.Entry<String, String> refusal : bad.entrySet()) {
            String path = refusal.getKey();
            try (WsClient client = new WsClient(ws(path))) {
                JsonNode error = client.next(Duration.ofSeconds(10));
                assertTrue(error.hasNonNull("error"), path + " -> " + error);
                assertEquals(refusal.getValue(), error.path("code").asText(), path + " -> " + error);
                assertEquals(1008, client.awaitClose(Duration.ofSeconds(10)), path);
                assertTrue(client.messages.isEmpty(), path);
            }
        }
    }

    @Test
    void aClientThatLeavesEarlyLosesNothing() throws Exception {
        String hash;
        try (WsClient client = new WsClient(ws("/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=10000"))) {
            hash = client.next(Duration.ofSeconds(10)).get("invoiceHash").asText();
        }
        long before = server.get("/accounts/" + shop.accountId(), shop.apiKey()).json().get("balanceMsat").asLong();
        server.pay(hash);
        Await.until("credited", Duration.ofSeconds(10),
                () -> server.get("/accounts/" + shop.accountId(), shop.apiKey()).json().get("balanceMsat").asLong() == before + 9950);
        assertEquals("paid", server.get("/invoice/from-hash/" + hash, shop.apiKey()).text("status"));
    }

    @Test
    void statusSocketSendsTheStatusNowAndOnChange() throws Exception {
        JsonNode invoice = server.createInvoice(shop, 4000);
        String hash = invoice.get("invoiceHash").asText();
        try (WsClient client = new WsClient(ws("/invoice/" + hash + "/ws"))) {
            JsonNode now = client.next(Duration.ofSeconds(10));
            assertEquals("unpaid", now.get("status").asText());
            assertEquals(4000, now.get("amountMsat").asLong());
            server.pay(hash);
            assertEquals("paid", client.next(Duration.ofSeconds(10)).get("status").asText());
            assertEquals(1000, client.awaitClose(Duration.ofSeconds(10)));
        }
        try (WsClient unknown = new WsClient(ws("/invoice/" + "ab".repeat(32) + "/ws"))) {
            assertEquals("invoice_not_found", unknown.next(Duration.ofSeconds(10)).get("code").asText());
            assertEquals(1008, unknown.awaitClose(Duration.ofSeconds(10)));
        }
    }

    /** Also proves that an invoice socket outlives Jetty's default 30 s idle timeout. */
    @Test
    void anUnpaidInvoiceExpiresWithSecondMessageExpired() throws Exception {
        // expiration=1 is raised to the 30 s minimum
        try (WsClient client = new WsClient(ws("/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=1000&expiration=1"))) {
            JsonNode invoice = client.next(Duration.ofSeconds(10));
            String hash = invoice.get("invoiceHash").asText();
            WsClient status = new WsClient(ws("/invoice/" + hash + "/ws"));
            assertEquals("unpaid", status.next(Duration.ofSeconds(10)).get("status").asText());
            JsonNode expired = client.next(Duration.ofSeconds(45));
            assertEquals(invoice.get("invoiceHash").asText(), expired.get("invoiceHash").asText());
            assertEquals("expired", expired.get("status").asText());
            assertFalse(expired.get("isPaid").asBoolean());
            assertEquals(1000, client.awaitClose(Duration.ofSeconds(10)));
            assertEquals("expired", status.next(Duration.ofSeconds(5)).get("status").asText());
            status.close();

            assertEquals(409, server.pay(invoice.get("invoiceHash").asText()).status(), "the node refuses an expired invoice");
        }
    }
}
