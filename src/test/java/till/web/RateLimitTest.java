package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import till.Await;
import till.RawHttp;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WsClient;

/** Invoice creation is capped per terminal, per account (charges) and per client address, with 429 and Retry-After. */
class RateLimitTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aFloodOnOneTerminalGets429sWhileAnotherTerminalIsServedAsUsual() throws Exception {
        try (TestTill server = TestTill.start(TestTill.tempDir(), Map.of(
                "TILL_RATE_LIMIT_PER_TERMINAL", "5/s,burst=40", "TILL_RATE_LIMIT_PER_ADDRESS", "0"))) {
            Shop flooded = server.createShop(0);
            Shop quiet = server.createShop(0);
            // Within B's burst of 40 in both phases, so B itself is never over its limit; 5/s is far below what four
            // flooders send even on a slow, busy machine.
            List<Long> alone = timedInvoices(server, quiet, 15);

            Map<Integer, AtomicInteger> floodStatuses = new ConcurrentHashMap<>();
            List<String> retryAfters = Collections.synchronizedList(new ArrayList<>());
            List<String> badRefusals = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> flooders = new ArrayList<>();
            long floodStart = System.nanoTime(); // before the first flood request: the bucket cannot be older
            for (int t = 0; t < 4; t++) {
                Thread flooder = new Thread(() -> {
                    for (int i = 0; i < 1000 && !stop.get(); i++) {
                        HttpResponse<String> answer = post(server.url + "/invoice/add", TillClient.invoiceBody(flooded, 1000));
                        floodStatuses.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (answer.statusCode() == 429) {
                            answer.headers().firstValue("Retry-After").ifPresent(retryAfters::add);
                            if (!answer.body().contains("\"code\":\"rate_limited\"")) {
                                badRefusals.add(answer.body());
                            }
                        }
                    }
                }, "flooder-" + t);
                flooder.start();
                flooders.add(flooder);
            }
            Await.until("the flood is being refused", Duration.ofSeconds(30),
                    () -> floodStatuses.containsKey(429));
            List<Long> duringFlood = timedInvoices(server, quiet, 15);
            stop.set(true);
            for (Thread flooder : flooders) {
                flooder.join();
            }
            double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
            int created = floodStatuses.getOrDefault(201, new AtomicInteger()).get();
            System.out.printf("rate limit: flood on terminal A: %s in %.1f s; terminal B p50 %.1f ms alone, %.1f ms during the flood%n",
                    floodStatuses, floodSeconds, p50(alone), p50(duringFlood));
            assertEquals(Set.of(201, 429), floodStatuses.keySet(), "only 201s and 429s: " + floodStatuses);
            assertTrue(badRefusals.isEmpty(), "429s without the JSON error: " + badRefusals);
            // The burst, plus 5 a second for as long as the flood lasted; the one extra allows for the bucket's
            // floating-point refill landing a hair above a whole token.
            long allowed = 40 + (long) Math.floor(5 * floodSeconds) + 1;
            assertTrue(created <= allowed, created + " invoices in " + floodSeconds + " s is over the limit of " + allowed);
            // At 5/s the next token is at most 200 ms away, which Retry-After rounds up to 1 s.
            assertEquals(Set.of("1"), Set.copyOf(retryAfters), "Retry-After of the refusals");
            assertEquals(retryAfters.size(), floodStatuses.get(429).get(), "every 429 has a Retry-After");
        }
    }

    @Test
    void chargesAreCappedPerAccountAndInvoicesPerTerminalOverTheWebSocketToo() throws Exception {
        try (TestTill server = TestTill.start(TestTill.tempDir(), Map.of(
                "TILL_RATE_LIMIT_PER_TERMINAL", "1/m,burst=3", "TILL_RATE_LIMIT_PER_ADDRESS", "0"))) {
            Shop shop = server.createShop(0);
            Shop other = server.createShop(0);
            for (int i = 0; i < 3; i++) {
                assertEquals(201, server.post("/v1/charges", "{\"amount\": 10}", shop.apiKey()).status());
            }
            Response refused = server.post("/v1/charges", "{\"amount\": 10}", shop.apiKey());
            assertEquals(429, refused.status(), refused.body());
            assertEquals("rate_limited", refused.text("code"));
            assertEquals(false, refused.json().get("success").asBoolean(), "OpenNode's error shape too");
            assertEquals(201, server.post("/v1/charges", "{\"amount\": 10}", other.apiKey()).status(), "another account");
            for (int i = 0; i < 3; i++) {
                assertEquals(201, server.post("/invoice/add", TillClient.invoiceBody(shop, 1000), null).status(),
                        "the terminal has its own budget");
            }
            // The terminal's burst is spent and its next token a minute away: the invoice WebSocket is refused too.
            try (WsClient socket = new WsClient(server.url.replace("http", "ws") + "/invoice/add?bpt_id="
                    + shop.bptId() + "&amount_msat=1000")) {
                assertEquals("rate_limited", socket.next(Duration.ofSeconds(10)).get("code").asText());
                assertEquals(1008, socket.awaitClose(Duration.ofSeconds(10)));
            }
        }
    }

    @Test
    void oneAddressIsCappedAndAnotherIsNot() {
        try (TestTill server = TestTill.start(TestTill.tempDir(), Map.of(
                "TILL_RATE_LIMIT_PER_TERMINAL", "0", "TILL_RATE_LIMIT_PER_ADDRESS", "1/m,burst=5"))) {
            Shop shop = server.createShop(0);
            int port = Integer.parseInt(server.url.substring(server.url.lastIndexOf(':') + 1));
            List<Integer> statuses = new ArrayList<>();
            RawHttp.Answer refused = null;
            long start = System.nanoTime(); // the address's bucket is younger than this
            for (int i = 0; i < 8; i++) {
                RawHttp.Answer answer = RawHttp.request("127.0.0.2", port, "POST", "/invoice/add", TillClient.invoiceBody(shop, 1000));
                statuses.add(answer.status());
                if (answer.status() == 429) {
                    refused = answer;
                }
            }
            assertEquals(List.of(201, 201, 201, 201, 201, 429, 429, 429), statuses);
            // 1/m: the sixth token is 60 s after the bucket began, less the time the requests took, rounded up.
            double elapsed = (System.nanoTime() - start) / 1e9;
            long retryAfter = Long.parseLong(refused.headers().get("retry-after"));
            assertTrue(retryAfter <= 60 && retryAfter >= 60 - elapsed, "Retry-After " + retryAfter + " after " + elapsed + " s");
            assertTrue(refused.body().contains("rate_limited"), refused.body());
            assertEquals(201, RawHttp.request("127.0.0.3", port, "POST", "/invoice/add", TillClient.invoiceBody(shop, 1000)).status(),
                    "the same terminal from another address");
        }
    }

    private static List<Long> timedInvoices(TestTill server, Shop shop, int count) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            Response response = server.post("/invoice/add", TillClient.invoiceBody(shop, 1000), null);
            micros.add((System.nanoTime() - start) / 1000);
            assertEquals(201, response.status(), "terminal B refused: " + response.body());
        }
        return micros;
    }

    private static double p50(List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1000.0;
    }

    private static HttpResponse<String> post(String url, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
