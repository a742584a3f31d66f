package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import till.Await;
import till.MovableClock;
import till.RawWebSocket;
import till.RawWebSocket.Frame;
import till.TestTill;
import till.TillClient.Shop;

/**
 * Open WebSockets are capped per connecting address, per invoice and in all: past a cap the socket gets one JSON
 * error and close code 1013, and a closed socket frees its place. No socket outlives its invoice's late-payment window.
 */
class SocketCapsTest {
    private final MovableClock clock = new MovableClock();
    private final List<RawWebSocket> open = new ArrayList<>();
    private TestTill server;
    private Shop shop;
    private int port;

    @BeforeEach
    void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WS_MAX_PER_ADDRESS", "3",
                "TILL_WS_MAX_PER_INVOICE", "2", "TILL_WS_MAX_TOTAL", "5"), clock);
        shop = server.createShop(0);
        port = URI.create(server.url).getPort();
    }

    @AfterEach
    void stop() {
        open.forEach(RawWebSocket::close);
        server.close();
    }

    @Test
    void pastTheCapOfAnAddressSocketsAreRefusedWith1013WhileOtherAddressesGetIn() {
        for (int i = 0; i < 3; i++) {
            assertEquals("unpaid", status("127.0.0.1", newInvoice()).json().get("status").asText());
        }
        assertRefused(statusSocket("127.0.0.1", newInvoice()), "your address");
        // The invoice socket counts against the same cap, and a refused one makes the node sign nothing.
        int invoices = server.get("/transactions", shop.apiKey()).json().get("data").size();
        assertRefused(socket("127.0.0.1", "/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=1000"), "your address");
        assertEquals(invoices, server.get("/transactions", shop.apiKey()).json().get("data").size());

        assertEquals("unpaid", status("127.0.0.2", newInvoice()).json().get("status").asText());

        // A closed socket gives its place back.
        open.remove(0).close();
        String hash = newInvoice();
        Await.until("a place freed by the closed socket", Duration.ofSeconds(10), () -> {
            Frame first = statusSocket("127.0.0.1", hash).next();
            return first.text() != null && first.json().has("status");
        });
    }

    @Test
    void pastTheCapOfAnInvoiceOrTheTotalSocketsAreRefused() {
        String hash = newInvoice();
        status("127.0.0.3", hash);
        status("127.0.0.4", hash);
        assertRefused(statusSocket("127.0.0.5", hash), "this invoice");

        status("127.0.0.6", newInvoice());
        status("127.0.0.7", newInvoice());
        status("127.0.0.8", newInvoice());
        assertRefused(statusSocket("127.0.0.9", newInvoice()), "as many WebSockets open as it allows");
    }

    @Test
    void aStatusSocketClosesOnceItsInvoiceCanNoLongerBePaid() {
        String hash = newInvoice();
        RawWebSocket socket = statusSocket("127.0.0.1", hash);
        assertEquals("unpaid", socket.next().json().get("status").asText());
        // Past the expiry (15 minutes by default) and the hour a late payment is still looked for.
        clock.advance(Duration.ofMinutes(15).plusHours(1).plusSeconds(1));
        Frame frame = socket.next();
        while (frame.text() != null) {
            assertEquals("expired", frame.json().get("status").asText());
            frame = socket.next();
        }
        assertEquals(1000, frame.closeCode());
    }

    private String newInvoice() {
        return server.createInvoice(shop, 1000).get("invoiceHash").asText();
    }

    private RawWebSocket statusSocket(String source, String hash) {
        return socket(source, "/invoice/" + hash + "/ws");
    }

    private RawWebSocket socket(String source, String path) {
        RawWebSocket socket = RawWebSocket.open(source, port, path);
        open.add(socket);
        return socket;
    }

    /** Opens an accepted status socket and returns its first message. */
    private Frame status(String source, String hash) {
        Frame first = statusSocket(source, hash).next();
        assertNull(first.json().get("code"), "accepted: " + first.text());
        return first;
    }

    private static void assertRefused(RawWebSocket socket, String why) {
        Frame error = socket.next();
        assertEquals("too_many_sockets", error.json().get("code").asText(), error.text());
        if (!error.json().get("error").asText().contains(why)) {
            throw new AssertionError("the message should say '" + why + "': " + error.text());
        }
        assertEquals(1013, socket.next().closeCode());
    }
}
