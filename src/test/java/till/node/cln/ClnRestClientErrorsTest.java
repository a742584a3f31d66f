package till.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import till.node.InvoiceDescription;
import till.node.NodeInfo;
import till.node.NodeUnreachableException;

/** The client against a scripted server that answers with bodies straight from examples.md. */
class ClnRestClientErrorsTest {
    private static final String RUNE = "test-rune-value";

    /** One canned answer and what the client sent to get it. */
    record Sent(String path, String rune, String contentType, String body) {}

    private HttpServer server;
    private ClnRestClient client;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile byte[] answer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            sent.add(new Sent(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Rune"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        client = new ClnRestClient(new ClnRestClient.Config(
                "http://127.0.0.1:" + server.getAddress().getPort(), RUNE, null, false));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
        // Every request carried the rune and the JSON content type clnrest needs.
        for (Sent s : sent) {
            assertEquals(RUNE, s.rune(), s.path());
            assertEquals("application/json", s.contentType(), s.path());
        }
    }

    private void answer(int status, String body) {
        this.status = status;
        this.answer = body.getBytes(StandardCharsets.UTF_8);
    }

    private ClnRpcException failing(Runnable call) {
        return assertThrows(ClnRpcException.class, call::run);
    }

    @Test
    void parsesGetinfo() {
        answer(201, """
                {"id": "03c463097802fe432db9fc4caf196b4cc764fd111301912eaa9626a1e8abdf70a4", "alias": "alice",
                 "color": "03c463", "num_peers": 1, "address": [], "version": "v24.11.2", "blockheight": 110,
                 "network": "regtest", "fees_collected_msat": 0, "lightning-dir": "/home/cln/.lightning/regtest"}""");

        NodeInfo info = client.getInfo();

        assertEquals(new NodeInfo("03c463097802fe432db9fc4caf196b4cc764fd111301912eaa9626a1e8abdf70a4", "alice",
                "regtest", 110, "v24.11.2"), info);
        assertEquals("/v1/getinfo", sent.get(0).path());
        assertEquals("{}", sent.get(0).body());
    }

    @Test
    void duplicateLabelIsRpcError900() {
        answer(500, "{\"code\": 900, \"message\": \"Duplicate label 'lab-inv-1795483271'\"}");

        ClnRpcException e = failing(() -> client.createInvoice(1000, "lab-inv-1795483271", InvoiceDescription.shown("dup"), 3600));

        assertEquals(900, e.code());
        assertEquals(500, e.httpStatus());
        assertFalse(e.accessDenied());
        assertTrue(e.getMessage().contains("Duplicate label 'lab-inv-1795483271'"));
        assertTrue(sent.get(0).body().contains("\"amount_msat\":1000"));
    }

    @Test
    void restrictedRuneIsAuthError() {
        answer(401, "{\"code\": 1502, \"message\": \"Not permitted: method is not equal to getinfo\"}");

        ClnRpcException e = failing(() -> client.createInvoice(1000, "x", InvoiceDescription.shown("x"), 60));

        assertEquals(1502, e.code());
        assertTrue(e.accessDenied());
        assertFalse(e.getMessage().contains(RUNE));
    }

    @Test
    void missingRuneIsAuthError() {
        answer(403, "{\"code\": 1501, \"message\": \"Not authorized: Missing rune\"}");

        ClnRpcException e = failing(client::getInfo);

        assertEquals(1501, e.code());
        assertEquals(403, e.httpStatus());
        assertTrue(e.accessDenied());
    }

    @Test
    void unknownMethodIs404WithCode() {
        answer(404, "{\"code\": -32601, \"message\": \"Unknown command 'nosuchmethod'\"}");

        ClnRpcException e = failing(() -> client.call("nosuchmethod", null));

        assertEquals(-32601, e.code());
        assertEquals(404, e.httpStatus());
    }

    @Test
    void notFoundWithoutCodeStillSaysMethodNotFound() {
        answer(404, "<html><body>Not Found</body></html>");

        ClnRpcException e = failing(() -> client.call("nosuchmethod", null));

        assertEquals(-32601, e.code());
        assertTrue(e.getMessage().contains("non-JSON body"), e.getMessage());
    }

    @Test
    void jsonStringBodyIsParseError() {
        answer(500, "\"Unable to parse request: 400 Bad Request: The browser (or proxy) sent a request that this server"
                + " could not understand.\"");

        ClnRpcException e = failing(client::getInfo);

        assertEquals(-32700, e.code());
        assertTrue(e.getMessage().contains("Unable to parse request"));
    }

    @Test
    void waitAnyInvoiceTimeoutIsEmpty() {
        answer(500, "{\"code\": 904, \"message\": \"Timed out while waiting for invoice to be paid\"}");

        assertEquals(Optional.empty(), client.waitAnyInvoice(5, 2));
        assertEquals("{\"lastpay_index\":5,\"timeout\":2}".length(), sent.get(0).body().length());
    }

    @Test
    void waitAnyInvoiceReadsPaidInvoice() {
        answer(201, """
                {"label": "lab-inv-1795483271", "bolt11": "lnbcrt1500n1p4sfe58", "payment_hash":
                 "92782541c14b4be4797af57f47be7bbaa57a0f0c19042a54691994e4b3fb7a70", "amount_msat": "150000msat",
                 "status": "paid", "pay_index": 5, "amount_received_msat": 150000, "paid_at": 1795483274.25,
                 "payment_preimage": "9956f60664650914ab3ab9d05c4fba3a685354b7c95d65554d70a037081f431d",
                 "description": "lab coffee 1795483271", "expires_at": 1796088071, "created_index": 7, "updated_index": 7}""");

        ClnInvoice paid = client.waitAnyInvoice(4, 60).orElseThrow();

        assertTrue(paid.isPaid());
        assertEquals(150000L, paid.amountMsat());
        assertEquals(150000L, paid.amountReceivedMsat());
        assertEquals(5L, paid.payIndex());
        assertEquals(1795483274L, paid.paidAt());
    }

    @Test
    void otherWaitErrorsAreThrown() {
        answer(500, "{\"code\": -32602, \"message\": \"lastpay_index: should be an unsigned 64 bit integer\"}");

        assertEquals(-32602, failing(() -> client.waitAnyInvoice(1, 1)).code());
    }

    @Test
    void hugeErrorBodyIsReadCappedAndKeepsCodeAndMessage() {
        StringBuilder body = new StringBuilder("{\"code\": 210, \"message\": \"Ran out of routes to try after 7095"
                + " attempts: see `paystatus`\", \"attempts\": [");
        while (body.length() < 1_000_000) {
            body.append("{\"status\": \"pending\", \"failreason\": \"No path found\", \"partid\": 1, \"amount_msat\": 4000},");
        }
        body.append("{}]}");
        answer(500, body.toString());

        ClnRpcException e = failing(() -> client.call("pay", Map.of("bolt11", "lnbcrt40m1p4sfe50")));

        assertEquals(210, e.code());
        assertTrue(e.getMessage().contains("Ran out of routes"));
        assertNull(e.data());
    }

    @Test
    void errorDataIsKept() {
        answer(500, """
                {"code": 203, "message": "Already paid or expired invoice 9278", "data": {"status": "pending", "failcode": 16399}}""");

        ClnRpcException e = failing(() -> client.call("pay", Map.of("bolt11", "x")));

        assertEquals(203, e.code());
        assertEquals(16399, e.data().path("failcode").asInt());
    }

    @Test
    void findsInvoicesByHashAndLabel() {
        answer(201, "{\"invoices\": []}");
        assertEquals(Optional.empty(), SimLightning.invoiceByLabel(client, "nope"));
        assertEquals("{\"label\":\"nope\"}", sent.get(0).body());

        answer(201, """
                {"invoices": [{"label": "7", "payment_hash": "aa", "status": "unpaid", "expires_at": 1796088071,
                 "amount_msat": 1000, "created_index": 1}]}""");
        ClnInvoice found = client.findInvoiceByPaymentHash("aa").orElseThrow();
        assertEquals("unpaid", found.status());
        assertNull(found.payIndex());
    }

    @Test
    void resultOverTheLimitIsUnreachable() {
        StringBuilder body = new StringBuilder("{\"invoices\": [");
        String invoice = "{\"label\": \"x\", \"payment_hash\": \"aa\", \"status\": \"unpaid\", \"amount_msat\": 1000},";
        while (body.length() <= ClnRestClient.MAX_RESULT_BODY) {
            body.append(invoice);
        }
        body.append("{}]}");
        answer(201, body.toString());

        NodeUnreachableException e = assertThrows(NodeUnreachableException.class, () -> client.call("listinvoices", null));

        assertTrue(e.getMessage().contains("answered with more than " + ClnRestClient.MAX_RESULT_BODY + " bytes"), e.getMessage());
    }

    @Test
    void resultJustUnderTheLimitIsRead() {
        String head = "{\"invoices\": [], \"padding\": \"";
        answer(201, head + "x".repeat(ClnRestClient.MAX_RESULT_BODY - head.length() - 2) + "\"}");

        assertEquals(0, client.call("listinvoices", null).get("invoices").size());
    }

    @Test
    void garbageSuccessIsUnreachable() {
        answer(201, "<html>proxy page</html>");

        assertThrows(NodeUnreachableException.class, client::getInfo);
    }

    @Test
    void callReturnsTheRawResult() {
        answer(201, "{\"created_at\": 1795483277.5020442, \"status\": \"complete\"}");

        JsonNode result = client.call("pay", Map.of("bolt11", "x"));

        assertEquals(1795483277L, ClnResults.longOr(result, "created_at", 0));
    }

    @Test
    void connectionRefusedIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (ClnRestClient refused = new ClnRestClient(new ClnRestClient.Config(
                "http://127.0.0.1:" + closedPort, RUNE, null, false))) {
            NodeUnreachableException e = assertThrows(NodeUnreachableException.class, refused::getInfo);
            assertFalse(e.getMessage().contains(RUNE));
        }
    }

    @Test
    void httpsToAPlainHttpServerIsUnreachable() throws Exception {
        // A plain HTTP server answers the TLS hello with an HTTP error and hangs up, as clnrest behind http would.
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket socket = plain.accept()) {
                    socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (ClnRestClient tls = new ClnRestClient(new ClnRestClient.Config(
                    "https://127.0.0.1:" + plain.getLocalPort(), RUNE, null, false))) {
                assertThrows(NodeUnreachableException.class, tls::getInfo);
            }
            served.get(10, TimeUnit.SECONDS);
        }
    }
}
