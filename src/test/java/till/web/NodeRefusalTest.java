package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestTill;
import till.TillClient.Response;
import till.node.sim.SimNode;

/** A node that refuses a request: the shop gets one fixed sentence, never the node's own words (they go to the log). */
class NodeRefusalTest {
    /** What a node's error may carry that a shop must not see: its labels, its internals. */
    private static final String NODE_DETAIL = "Duplicate label 'till-internal-42' in db invoices";
    private static final String REFUSED = "The Lightning node refused the request";

    @Test
    void aRefusedInvoiceIsAnsweredWithoutTheNodesWords() throws IOException {
        try (SimNode sim = SimNode.start(0, TestTill.tempDir());
             RefusingNode node = new RefusingNode(sim, Set.of("invoice"));
             TestTill till = tillBehind(node)) {
            TestTill.Shop shop = till.createShop(0);

            Response refused = till.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 1000}", null);

            assertRefusedWithoutTheNodesWords(refused);
        }
    }

    @Test
    void anInternalPaymentWhoseCancellationTheNodeRefusedIsAnsweredWithoutTheNodesWords() throws IOException {
        try (SimNode sim = SimNode.start(0, TestTill.tempDir());
             RefusingNode node = new RefusingNode(sim, Set.of("delinvoice"));
             TestTill till = tillBehind(node)) {
            TestTill.Shop payer = till.createShop(0);
            sim.pay(till.createInvoice(payer, 10_000).get("invoiceHash").asText(), null);
            Await.until("the payer funded", Duration.ofSeconds(20), () -> till.balance(payer) == 10_000);
            String bolt11 = till.createInvoice(till.createShop(0), 1000).get("bolt11").asText();

            Response refused = till.payBolt11(payer, bolt11);

            assertRefusedWithoutTheNodesWords(refused);
            assertEquals(10_000, till.balance(payer), "the payer got its money back");
        }
    }

    private static TestTill tillBehind(RefusingNode node) {
        return TestTill.start(TestTill.tempDir(), Map.of("CLN_REST_URL", node.url(), "CLN_RUNE", "any-rune"));
    }

    private static void assertRefusedWithoutTheNodesWords(Response refused) {
        assertEquals(502, refused.status(), refused.body());
        assertEquals("node_error", refused.text("code"));
        assertEquals(REFUSED, refused.text("error"));
        assertFalse(refused.body().contains("till-internal-42"), refused.body());
    }

    /** The simulated node behind a proxy that refuses some methods with an RPC error carrying {@link #NODE_DETAIL}. */
    private static final class RefusingNode implements AutoCloseable {
        private static final HttpClient HTTP = HttpClient.newHttpClient();
        private final SimNode target;
        private final Set<String> refused;
        private final HttpServer server;
        /** A thread per request: Till's long polls wait in here. */
        private final ExecutorService threads = Executors.newCachedThreadPool();

        RefusingNode(SimNode target, Set<String> refused) throws IOException {
            this.target = target;
            this.refused = refused;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/v1/", this::handle);
            server.setExecutor(threads);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            int status = 500;
            byte[] body = ("{\"code\": 900, \"message\": \"" + NODE_DETAIL + "\"}").getBytes(StandardCharsets.UTF_8);
            if (!refused.contains(path.substring("/v1/".length()))) {
                try {
                    HttpResponse<byte[]> answer = HTTP.send(HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
                            .header("Rune", "any-rune").header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    status = answer.statusCode();
                    body = answer.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            // No length: a long poll's answer is sent whenever it comes.
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (exchange) {
                exchange.getResponseBody().write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
