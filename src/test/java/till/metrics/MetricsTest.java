package till.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.MovableClock;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;

/** GET /metrics: Prometheus text behind TILL_METRICS_KEY, and the counters move with invoices, payments and expiries. */
class MetricsTest {
    static final String KEY = "metrics-key-0123456789";
    static final MovableClock clock = new MovableClock();
    static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_METRICS_KEY", KEY), clock);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theKeyIsRequiredAsABearerToken() {
        Response none = server.get("/metrics", null);
        assertEquals(401, none.status());
        assertEquals("unauthorized", none.text("code"));
        assertEquals(401, server.get("/metrics", KEY).status());
        assertEquals(401, server.get("/metrics", "Bearer wrong-key-0123456789").status());
        Response scraped = scrape();
        assertEquals(200, scraped.status());
        assertTrue(scraped.body().contains("jvm_memory_used_bytes"), "JVM memory");
        assertTrue(scraped.body().contains("jvm_threads_live_threads"), "JVM threads");
        assertTrue(scraped.body().contains("process_uptime_seconds"), "uptime");
        assertTrue(scraped.body().contains("system_cpu_count"), "processors");
    }

    @Test
    void countersMoveWithInvoicesPaymentsAndExpiries() {
        TillClient.Shop shop = server.createShop(0);
        String account = "account=\"" + shop.accountId() + "\"";
        String paidHash = server.createInvoice(shop, 5000).get("invoiceHash").asText();
        server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 1000, \"expiration\": 30}", null);
        assertEquals(200, server.pay(paidHash).status());
        clock.advance(Duration.ofSeconds(31));
        Await.until("the second invoice expired", Duration.ofSeconds(10),
                () -> value(scrape().body(), "till_invoices_total{" + account + ",event=\"expired\"}") == 1.0);

        String text = scrape().body();
        assertEquals(2.0, value(text, "till_invoices_total{" + account + ",event=\"created\"}"));
        assertEquals(1.0, value(text, "till_invoices_total{" + account + ",event=\"paid\"}"));
        assertTrue(value(text, "till_settlement_latency_seconds_count") >= 1.0, "settlement latency");
        assertTrue(value(text, "till_node_call_seconds_count{code=\"none\",method=\"invoice\",outcome=\"ok\"}") >= 2.0);
        assertTrue(value(text, "till_node_call_seconds_count{code=\"none\",method=\"listinvoices\",outcome=\"ok\"}") >= 1.0);
        assertTrue(value(text, "till_watcher_cursor") >= 1.0, "watcher cursor");
        assertEquals(1.0, value(text, "till_watcher_up"));
        assertTrue(value(text, "till_watcher_lag_seconds") >= 0.0);
        assertEquals(0.0, value(text, "till_webhook_outbox_backlog"));
        assertEquals(0.0, value(text, "till_webhook_deliveries{status=\"failed\"}"));
    }

    @Test
    void noTerminalIdIsExposed() {
        // A terminal's id creates invoices for its account: a credential, and /metrics may be open.
        TillClient.Shop shop = server.createShop(0);
        server.createInvoice(shop, 1000);
        String text = scrape().body();
        assertTrue(text.contains("till_invoices_total{account=\"" + shop.accountId() + "\",event=\"created\"}"), text);
        assertFalse(text.contains(shop.bptId()), "the terminal id is in /metrics");
    }

    private static Response scrape() {
        return TillClient.send(HttpRequest.newBuilder(URI.create(server.url + "/metrics")).GET(), "Bearer " + KEY);
    }

    /** The value of one series, by its name and labels exactly as Prometheus' text format writes them. */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        if (!m.find()) {
            return Double.NaN;
        }
        return Double.parseDouble(m.group(1));
    }
}
