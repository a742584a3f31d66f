package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.TillClient.Response;

/** A node that refuses a request: the shop gets one fixed sentence, never the node's own words (they go to the log). */
class NodeRefusalTest {
    /** What a node's error may carry that a shop must not see: its labels, its internals. */
    private static final String NODE_DETAIL = "Duplicate label 'till-internal-42' in db invoices";

    @Test
    void theNodesErrorTextStaysOutOfTheAnswer() throws IOException {
        try (RefusingNode node = new RefusingNode();
             TestTill till = TestTill.start(TestTill.tempDir(), Map.of("CLN_REST_URL", node.url(), "CLN_RUNE", "any-rune"))) {
            TestTill.Shop shop = till.createShop(0);

            Response refused = till.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 1000}", null);

            assertEquals(502, refused.status(), refused.body());
            assertEquals("node_error", refused.text("code"));
            assertEquals("The Lightning node refused the request", refused.text("error"));
            assertFalse(refused.body().contains("till-internal-42"), refused.body());
        }
    }

    /** Answers getinfo, and every other method with an RPC error carrying {@link #NODE_DETAIL}. */
    private static final class RefusingNode implements AutoCloseable {
        private final HttpServer server;

        RefusingNode() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/v1/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            exchange.getRequestBody().readAllBytes();
            boolean getinfo = exchange.getRequestURI().getPath().equals("/v1/getinfo");
            String body = getinfo
                    ? "{\"id\": \"02" + "ab".repeat(32) + "\", \"alias\": \"refusing\", \"network\": \"regtest\", "
                            + "\"blockheight\": 1, \"version\": \"v24.08\"}"
                    : "{\"code\": 900, \"message\": \"" + NODE_DETAIL + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(getinfo ? 201 : 500, bytes.length);
            try (exchange) {
                exchange.getResponseBody().write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
