package till.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.node.InvoiceDescription;
import till.node.NodeInvoice;
import till.node.sim.SimNode;

/** The watcher's fetching: listed many to a call during a burst, always without gaps, long polls when listing fails. */
class ClnIncomingPaymentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void aBurstIsListedManyToACallInPayIndexOrder() {
        SimNode node = SimNode.start(0, dir);
        closing.add(node);
        ClnRestClient client = client(node.baseUrl());
        for (int i = 1; i <= 30; i++) {
            node.pay(client.createInvoice(1000, "till-" + i, InvoiceDescription.shown("burst"), 900).paymentHash(), null);
        }
        ClnIncomingPayments fetcher = fetcher(client);

        List<NodeInvoice> first = fetcher.next(0);
        List<NodeInvoice> rest = fetcher.next(1);

        assertEquals(List.of(1L), payIndexes(first), "the first payment comes from the long poll");
        assertEquals(29, rest.size(), "the 29 waiting behind it come in one listing");
        assertEquals(payIndexesFrom(2, 30), payIndexes(rest));
        assertEquals(List.of(), fetcher.next(30), "nothing more: the long poll times out");
    }

    @Test
    void aGapInTheListingIsLeftToTheLongPoll() throws IOException {
        // The node lists payments 2 and 4 but not 3 (say, deleted meanwhile): 3 must come from waitanyinvoice.
        ScriptedNode node = new ScriptedNode(Set.of(1L, 2L, 3L, 4L, 5L), Set.of(3L));
        ClnIncomingPayments fetcher = fetcher(client(node.url()));

        assertEquals(List.of(1L), payIndexes(fetcher.next(0)));
        assertEquals(List.of(2L), payIndexes(fetcher.next(1)), "the listing stops before the gap");
        assertEquals(List.of(3L), payIndexes(fetcher.next(2)), "the long poll fills it");
        assertEquals(List.of(4L, 5L), payIndexes(fetcher.next(3)), "and listing goes on after it");
    }

    @Test
    void aNodeThatCannotListIsFollowedOneLongPollAtATime() throws IOException {
        ScriptedNode node = new ScriptedNode(Set.of(1L, 2L, 3L), Set.of());
        node.listingFails = true;
        ClnIncomingPayments fetcher = fetcher(client(node.url()));

        assertEquals(List.of(1L), payIndexes(fetcher.next(0)));
        assertEquals(List.of(2L), payIndexes(fetcher.next(1)));
        assertEquals(List.of(3L), payIndexes(fetcher.next(2)));
        assertEquals(1, node.listings.get(), "after the first refusal it is not asked to list again");
    }

    private ClnIncomingPayments fetcher(ClnRestClient client) {
        ClnIncomingPayments fetcher = new ClnIncomingPayments(client, 1);
        closing.add(0, fetcher);
        return fetcher;
    }

    private ClnRestClient client(String url) {
        ClnRestClient client = new ClnRestClient(new ClnRestClient.Config(url, "any-rune", null, false));
        closing.add(client);
        return client;
    }

    private static List<Long> payIndexes(List<NodeInvoice> invoices) {
        return invoices.stream().map(NodeInvoice::payIndex).toList();
    }

    private static List<Long> payIndexesFrom(long first, long last) {
        List<Long> indexes = new ArrayList<>();
        for (long i = first; i <= last; i++) {
            indexes.add(i);
        }
        return indexes;
    }

    /** A node with paid invoices whose pay_index and updated_index are equal; some left out of listings. */
    private final class ScriptedNode implements AutoCloseable {
        private final HttpServer server;
        private final Set<Long> paid;
        private final Set<Long> unlisted;
        private final AtomicInteger listings = new AtomicInteger();
        private volatile boolean listingFails;

        ScriptedNode(Set<Long> paid, Set<Long> unlisted) throws IOException {
            this.paid = paid;
            this.unlisted = unlisted;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/v1/", this::handle);
            server.start();
            closing.add(this);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            JsonNode params = JSON.readTree(exchange.getRequestBody());
            String method = exchange.getRequestURI().getPath().substring("/v1/".length());
            if (method.equals("listinvoices")) {
                listings.incrementAndGet();
                if (listingFails) {
                    answer(exchange, 400, "{\"code\": -32602, \"message\": \"index: unknown parameter\"}");
                    return;
                }
                ArrayNode invoices = JSON.createArrayNode();
                paid.stream().sorted().filter(i -> i >= params.path("start").asLong() && !unlisted.contains(i))
                        .limit(params.path("limit").asLong()).forEach(i -> invoices.add(invoice(i)));
                answer(exchange, 201, JSON.createObjectNode().set("invoices", invoices).toString());
            } else if (method.equals("waitanyinvoice")) {
                long next = params.path("lastpay_index").asLong() + 1;
                if (paid.contains(next)) {
                    answer(exchange, 201, invoice(next).toString());
                } else {
                    answer(exchange, 500, "{\"code\": 904, \"message\": \"Timed out while waiting for invoice to be paid\"}");
                }
            } else {
                answer(exchange, 404, "{\"code\": -32601, \"message\": \"Unknown command '" + method + "'\"}");
            }
        }

        private ObjectNode invoice(long index) {
            return JSON.createObjectNode()
                    .put("label", "till-" + index)
                    .put("bolt11", "lnbcrt10n1scripted")
                    .put("payment_hash", String.format("%064x", index))
                    .put("amount_msat", 1000)
                    .put("status", "paid")
                    .put("description", "scripted")
                    .put("expires_at", 4_000_000_000L)
                    .put("pay_index", index)
                    .put("amount_received_msat", 1000)
                    .put("paid_at", 1_700_000_000L)
                    .put("payment_preimage", String.format("%064x", index + 1000))
                    .put("created_index", index)
                    .put("updated_index", index);
        }

        private void answer(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
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
