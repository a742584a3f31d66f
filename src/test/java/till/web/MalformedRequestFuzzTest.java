package till.web;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;
import till.TestInvoices;
import till.TestTill;
import till.TillClient.Shop;
import till.WsClient;
import till.bolt11.Network;
import till.store.Database;

/**
 * A seeded stream of malformed requests against every endpoint: never a 5xx, every refusal a JSON error (the
 * HTML pages answer an HTML 404), not one row changed in any table, and Till healthy afterwards.
 * Run with {@code -Dtill.fuzz.seed=N} for another stream; the seed in use is printed.
 */
class MalformedRequestFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int THREADS = 4;
    private static final int REQUESTS_PER_THREAD = 750;
    private static final int SOCKETS = 30;

    @Test
    void malformedRequestsGetJsonRefusalsAndChangeNothing() throws Exception {
        long seed = Long.getLong("till.fuzz.seed", 20261124L);
        System.out.println("fuzz: seed " + seed + " (-Dtill.fuzz.seed=" + seed + " repeats this run)");
        try (TestTill server = TestTill.start()) {
            RequestFuzzer.Known known = prepare(server);
            Map<String, List<String>> before = tableContents(server.dataDir);
            assertTrue(before.containsKey("TRANSACTIONS") || before.containsKey("transactions"), "every table read: " + before.keySet());

            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            Map<Integer, AtomicInteger> statuses = Collections.synchronizedMap(new TreeMap<>());
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                RequestFuzzer fuzzer = new RequestFuzzer(seed + t, known);
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < REQUESTS_PER_THREAD && failures.size() < 20; i++) {
                        RequestFuzzer.Request request = fuzzer.next();
                        HttpResponse<String> response = answer(server.url, request);
                        if (response == null) {
                            if (request.body() == null || request.body().length() <= 64 * 1024) {
                                failures.add("no answer\n    request: " + request);
                            }
                            continue; // a body over the limit may be refused by resetting the connection
                        }
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        String problem = problem(request, response);
                        if (problem != null) {
                            failures.add(problem + "\n    request: " + request + "\n    answer: " + response.statusCode()
                                    + " " + abbreviate(response.body()));
                        }
                    }
                }, "fuzz-" + t);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            RequestFuzzer socketFuzzer = new RequestFuzzer(seed - 1, known);
            for (int i = 0; i < SOCKETS; i++) {
                RequestFuzzer.SocketQuery query = socketFuzzer.invoiceSocketQuery();
                try (WsClient socket = new WsClient(server.url.replace("http", "ws") + "/invoice/add?" + query.query())) {
                    JsonNode message = socket.next(Duration.ofSeconds(10));
                    int close = socket.awaitClose(Duration.ofSeconds(10));
                    if (!message.hasNonNull("error") || !query.codes().contains(message.path("code").asText()) || close != 1008) {
                        failures.add("WS /invoice/add?" + query.query() + " answered " + message + ", close " + close
                                + "; expected one of " + query.codes());
                    }
                }
            }
            System.out.printf("fuzz: %d requests and %d invoice sockets in %.1f s, statuses %s%n", THREADS * REQUESTS_PER_THREAD,
                    SOCKETS, (System.nanoTime() - start) / 1e9, statuses);

            assertTrue(failures.isEmpty(), "seed " + seed + ":\n" + String.join("\n", failures));
            assertEquals(before, tableContents(server.dataDir), "no row of any table changed");
            assertEquals(200, server.get("/health", null).status());
            assertEquals(201, server.post("/invoice/add", "{\"bptId\": \"" + known.bptA() + "\", \"amountMsat\": 1}", null).status(),
                    "still serving");
        }
    }

    /** Two shops, an unpaid invoice and a charge of A's, and bolt11s that must be refused. */
    private static RequestFuzzer.Known prepare(TestTill server) {
        Shop a = server.createShop(0);
        Shop b = server.createShop(0);
        JsonNode invoice = server.createInvoice(a, 5000);
        String bolt11 = invoice.get("bolt11").asText();
        String charge = server.post("/v1/charges", "{\"amount\": 5}", a.apiKey()).json().get("data").get("id").asText();
        long now = Instant.now().getEpochSecond();
        List<String> badBolt11s = List.of(TestInvoices.tampered(bolt11), TestInvoices.reSigned(bolt11, new ECKey()),
                TestInvoices.external(Network.BITCOIN, 1000L, now, 600), TestInvoices.external(Network.REGTEST, 1000L, now - 7200, 60),
                "lightning:" + TestInvoices.tampered(bolt11), bolt11.toUpperCase() + "x", "lnbcrt1", "lnbc" + "q".repeat(3000));
        return new RequestFuzzer.Known(TestTill.ADMIN_KEY, a.accountId(), a.apiKey(), a.bptId(), b.accountId(), b.apiKey(),
                b.bptId(), invoice.get("id").asText(), invoice.get("invoiceHash").asText(), bolt11, charge, badBolt11s);
    }

    /** What is wrong with this answer, or null. */
    private static String problem(RequestFuzzer.Request request, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "a " + status;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        // A page answers an HTML 404; a request Jetty refuses before any route (a %00 in the URI, huge headers)
        // gets the JSON error like any other.
        if (request.page() && status == 404) {
            return type.startsWith("text/html") ? null : "a page answered a 404 of " + type;
        }
        if (status < 400) {
            return request.page() ? "a page answered " + status : null;
        }
        try {
            JsonNode json = JSON.readTree(response.body());
            if (!json.hasNonNull("error")) {
                return "an error without a sentence";
            }
            String code = json.path("code").asText();
            return ErrorCodes.fits(status, code) ? null : "code " + code + " is not one of a " + status;
        } catch (Exception e) {
            return "an error that is not JSON";
        }
    }

    /**
     * The answer, or null when there was none even on a connection of its own. A pooled connection can be one that
     * Jetty is closing after refusing an unread body, so a request that got no answer is sent again on a new one.
     */
    private static HttpResponse<String> answer(String url, RequestFuzzer.Request request) {
        try {
            return HTTP.send(build(url, request), HttpResponse.BodyHandlers.ofString());
        } catch (IOException closing) {
            try {
                return HttpClient.newHttpClient().send(build(url, request), HttpResponse.BodyHandlers.ofString());
            } catch (IOException none) {
                return null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest build(String url, RequestFuzzer.Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + request.path())).timeout(Duration.ofSeconds(30))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        if (request.key() != null) {
            builder.header("Authorization", request.key());
        }
        if (request.idempotencyKey() != null) {
            builder.header("Idempotency-Key", request.idempotencyKey());
        }
        return builder.build();
    }

    /**
     * Every row of every table, each as its column values in order, sorted: an UPDATE shows as well as an INSERT or
     * DELETE. Keys' last use is left out. Read through a second connection pool on the same database.
     */
    static Map<String, List<String>> tableContents(Path dataDir) {
        try (Database database = TestDatabase.open(dataDir)) {
            return database.jdbi().withHandle(h -> {
                Map<String, List<String>> tables = new TreeMap<>();
                // Both databases: H2 names the schema PUBLIC, PostgreSQL public. Left out: the process registry's
                // heartbeat and the shared rate limiter's buckets, which every request may move, bad or not.
                for (String table : h.createQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE UPPER(TABLE_SCHEMA) = 'PUBLIC'"
                                + " AND TABLE_TYPE = 'BASE TABLE' AND LOWER(TABLE_NAME) NOT IN ('till_process', 'rate_bucket')")
                        .mapTo(String.class).list()) {
                    tables.put(table, h.createQuery("SELECT * FROM \"" + table + "\"").map((rs, ctx) -> {
                        List<String> values = new ArrayList<>();
                        for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                            if (rs.getMetaData().getColumnName(column).equalsIgnoreCase("last_used_at")) {
                                continue; // a valid key's use is noted (once a minute): not a change the fuzz made
                            }
                            Object value = rs.getObject(column);
                            values.add(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : String.valueOf(value));
                        }
                        return String.join(" | ", values);
                    }).list().stream().sorted().toList());
                }
                return tables;
            });
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
