package till.dashboard.money;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.store.Database;

/** The shop's money over real HTTP, signed in as a shop: every view, filter, page, the CSV, redelivery, the stream. */
class DashboardMoneyTest {
    private static final Duration QUICK = Duration.ofSeconds(10);
    private static final int CSV_ROWS = 100_000;
    static TestTill server;
    static WebhookReceiver receiver;
    static Shop shop;
    static Shop other;
    static ShopSession session;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"));
        receiver = new WebhookReceiver(received -> WebhookReceiver.Answer.of(200));
        shop = server.createShop(0);
        other = server.createShop(0);
        session = ShopSession.signIn(server, shop.apiKey());
    }

    @AfterAll
    static void stop() {
        receiver.close();
        server.close();
    }

    private static JsonNode invoice(Shop owner, long amountMsat, String tag, String webhookUrl) {
        String body = "{\"bptId\": \"" + owner.bptId() + "\", \"amountMsat\": " + amountMsat
                + (tag == null ? "" : ", \"tag\": \"" + tag + "\"")
                + (webhookUrl == null ? "" : ", \"webhookUrl\": \"" + webhookUrl + "\"") + "}";
        Response created = server.post("/invoice/add", body, null);
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private static JsonNode paid(Shop owner, long amountMsat, String tag, String webhookUrl) {
        JsonNode created = invoice(owner, amountMsat, tag, webhookUrl);
        assertEquals("paid", server.pay(created.get("invoiceHash").asText()).text("status"));
        return created;
    }

    @Test
    void theOverviewShowsTheBalanceTodayAndTheChart() {
        long before = server.balance(shop);
        paid(shop, 21_000, "overview", null);
        HttpResponse<String> page = session.get("/dashboard");
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains(String.format(java.util.Locale.ROOT, "%,d sats", (before + 21_000) / 1000)), html);
        assertTrue(html.contains("<svg class=\"sales-chart\""), "the chart");
        assertTrue(html.contains("<title id=\"sales-chart-title\">Sales per day, last 30 days (UTC)</title>"));
        assertTrue(html.contains("<td>" + LocalDate.now(ZoneOffset.UTC) + "</td>"), "today's row in the chart's table");
        assertTrue(html.contains("dashboard-money.js"));
    }

    @Test
    void theListFiltersByStatusTerminalDatesAndSearch() {
        JsonNode unpaid = invoice(shop, 5_000, "list-blue", null);
        JsonNode done = paid(shop, 6_000, "list-green", null);
        invoice(other, 7_000, "list-blue", null);
        String all = session.get("/dashboard/transactions").body();
        assertTrue(all.contains(row(unpaid)) && all.contains(row(done)));
        String onlyPaid = session.get("/dashboard/transactions?status=paid").body();
        assertTrue(onlyPaid.contains(row(done)) && !onlyPaid.contains(row(unpaid)));
        String blue = session.get("/dashboard/transactions?q=list-blue").body();
        assertTrue(blue.contains(row(unpaid)) && !blue.contains(row(done)));
        assertEquals(1, count(blue, "<tr data-id="), "another shop's row with the same tag is not listed");
        String byHash = session.get("/dashboard/transactions?q=" + done.get("invoiceHash").asText()).body();
        assertEquals(1, count(byHash, "<tr data-id="));
        assertTrue(byHash.contains(row(done)));
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        assertTrue(session.get("/dashboard/transactions?from=" + today + "&to=" + today).body().contains(row(done)));
        assertTrue(session.get("/dashboard/transactions?to=" + yesterday).body().contains("No transactions."));
        assertTrue(session.get("/dashboard/transactions?terminal=" + shop.bptId()).body().contains(row(done)));
        assertTrue(session.get("/dashboard/transactions?terminal=" + other.bptId()).body().contains("No transactions."),
                "another shop's terminal shows nothing");
        assertEquals(400, session.get("/dashboard/transactions?status=lost").statusCode());
        assertEquals(400, session.get("/dashboard/transactions?from=yesterday").statusCode());
    }

    @Test
    void pagesFollowTheCursorNewestFirst() {
        Shop many = server.createShop(0);
        ShopSession manySession = ShopSession.signIn(server, many.apiKey());
        for (int i = 0; i < 120; i++) {
            invoice(many, 1_000 + i, "page-" + i, null);
        }
        List<String> tags = new ArrayList<>();
        String path = "/dashboard/transactions";
        int pages = 0;
        while (path != null) {
            String html = manySession.get(path).body();
            Matcher tag = Pattern.compile("<td>(page-\\d+)</td></tr>").matcher(html);
            while (tag.find()) {
                tags.add(tag.group(1));
            }
            Matcher next = Pattern.compile("rel=\"next\" href=\"([^\"]+)\"").matcher(html);
            path = next.find() ? next.group(1).replace("&amp;", "&") : null;
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(120, tags.size());
        assertEquals("page-119", tags.get(0));
        assertEquals("page-0", tags.get(119));
    }

    @Test
    void theDetailShowsTheWebhookAttemptsAndRedeliversWithTheCsrfToken() throws Exception {
        JsonNode t = paid(shop, 8_000, "detail", receiver.url("/hook"));
        receiver.next(QUICK);
        String id = t.get("id").asText();
        Await.until("the attempt is logged", QUICK, () -> session.get("/dashboard/transactions/" + id).body().contains("HTTP 200"));
        String html = session.get("/dashboard/transactions/" + id).body();
        assertTrue(html.contains(t.get("bolt11").asText()));
        assertTrue(html.contains(t.get("invoiceHash").asText()));
        assertTrue(html.contains("8 sats"));
        assertTrue(html.contains(receiver.url("/hook")));
        String redeliver = "/dashboard/transactions/" + id + "/redeliver";
        assertEquals(403, session.post(redeliver, Map.of()).statusCode(), "no CSRF token");
        assertEquals(403, session.post(redeliver, Map.of("csrf", "forged")).statusCode(), "a wrong CSRF token");
        HttpResponse<String> done = session.post(redeliver, Map.of("csrf", session.csrf()));
        assertEquals(303, done.statusCode());
        assertEquals("/dashboard/transactions/" + id + "?redelivery=queued-1", done.headers().firstValue("Location").orElseThrow());
        receiver.next(QUICK);
        assertEquals(2, server.get("/transaction/" + id + "/webhooks", shop.apiKey()).json().get("data").size());
        assertTrue(session.get("/dashboard/transactions/" + id + "?redelivery=queued-1").body().contains("queued again"));
    }

    @Test
    void anotherAccountsTransactionIsNotFound() {
        JsonNode theirs = paid(other, 9_000, "theirs", null);
        String id = theirs.get("id").asText();
        assertEquals(404, session.get("/dashboard/transactions/" + id).statusCode());
        assertEquals(404, session.post("/dashboard/transactions/" + id + "/redeliver", Map.of("csrf", session.csrf())).statusCode());
        assertEquals(404, session.get("/dashboard/transactions/not-a-number").statusCode());
        assertFalse(session.get("/dashboard/transactions?q=" + theirs.get("invoiceHash").asText()).body().contains("data-id=\"" + id + "\""));
    }

    /**
     * 100,000 rows written straight into the tables, exported as CSV and read as it arrives: the count and the sums
     * match, the answer is chunked (no length known before the end), and Till's heap does not grow with the export
     * (the whole result would be about 100 MB of rows).
     */
    @Test
    void theCsvOfAHundredThousandRowsIsStreamed() throws Exception {
        Shop big = server.createShop(0);
        ShopSession bigSession = ShopSession.signIn(server, big.apiKey());
        long first = System.currentTimeMillis() - CSV_ROWS * 1_000L;
        SeededTransactions.Seeded seeded;
        try (Database database = TestDatabase.open(server.dataDir)) {
            seeded = SeededTransactions.seed(database.jdbi(), big.accountId(), big.bptId(), CSV_ROWS, first, 1_000);
        }
        String csv = "/dashboard/transactions.csv?from=" + LocalDate.now(ZoneOffset.UTC).minusDays(5) + "&to="
                + LocalDate.now(ZoneOffset.UTC);
        // A first export fills H2's page cache (CACHE_SIZE, 64 MB) with the rows' pages: the second measures the export.
        try (InputStream warm = bigSession.stream(csv).body()) {
            warm.transferTo(OutputStream.nullOutputStream());
        }
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        HttpResponse<InputStream> response = bigSession.stream(csv);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertTrue(response.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment; filename=\"till-transactions-from-"));
        assertTrue(response.headers().firstValue("Content-Length").isEmpty(), "streamed, its length unknown up front");
        long rows = 0;
        long paid = 0;
        long paidMsat = 0;
        long heapMidway = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertEquals(String.join(",", TransactionsCsv.COLUMNS), lines.readLine());
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] fields = line.split(",", -1);
                assertEquals(TransactionsCsv.COLUMNS.size(), fields.length, line);
                rows++;
                if (fields[3].equals("paid")) {
                    paid++;
                    paidMsat += Long.parseLong(fields[7]);
                }
                if (rows == CSV_ROWS / 2) {
                    // Till is mid-export, held up by this reader: what it keeps now is its buffers, not the result.
                    System.gc();
                    heapMidway = runtime.totalMemory() - runtime.freeMemory();
                }
            }
        }
        assertEquals(CSV_ROWS, rows);
        assertEquals(seeded.paid(), paid);
        assertEquals(seeded.paidMsat(), paidMsat);
        long grown = heapMidway - heapBefore;
        assertTrue(grown < 24L * 1024 * 1024, "the heap grew by " + grown / 1024 + " KB midway through the export");
    }

    @Test
    void theStreamTellsOfAPaymentWithTheNewBalance() throws Exception {
        Shop live = server.createShop(0);
        ShopSession liveSession = ShopSession.signIn(server, live.apiKey());
        HttpResponse<InputStream> events = liveSession.events();
        assertEquals(200, events.statusCode());
        assertTrue(events.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            assertEquals(": connected", lines.readLine());
            JsonNode t = paid(live, 12_000, "live", null);
            String event = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data: ") && line.contains("\"balanceMsat\":12000")) {
                    event = line;
                    break;
                }
            }
            assertEquals("data: {\"id\":" + t.get("id").asText() + ",\"balanceMsat\":12000}", event);
        }
    }

    @Test
    void aSessionHasAtMostFourStreams() throws Exception {
        Shop capped = server.createShop(0);
        ShopSession cappedSession = ShopSession.signIn(server, capped.apiKey());
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < LiveMoney.PER_SESSION; i++) {
                HttpResponse<InputStream> stream = cappedSession.events();
                assertEquals(200, stream.statusCode());
                open.add(stream.body());
            }
            assertEquals(429, cappedSession.events().statusCode());
            assertEquals(400, cappedSession.get("/dashboard/events").statusCode(), "not asked for as a stream");
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
        }
    }

    private static String row(JsonNode t) {
        return "<tr data-id=\"" + t.get("id").asText() + "\">";
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
