package till.invoice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import till.Await;
import till.FirstRunOnly;
import till.TestPostgres;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;
import till.WsClient;
import till.bench.ThrowawayPostgres;
import till.dashboard.DashboardClient;
import till.node.sim.SimNode;
import till.page.Chromium;

/**
 * Two Tills on one PostgreSQL database and one simulated node: A, on the node, creates and settles the invoices; B
 * cannot reach the node (a closed port), so whatever B's sockets, pages and dashboard streams learn of a payment came
 * from A through the database.
 * B connects as a role of its own, so that the test can keep it from connecting again while its listening connection is
 * gone.
 */
@FirstRunOnly
class EventsAcrossProcessesTest {
    private static final Duration QUICK = Duration.ofSeconds(10);
    private static final String METRICS_KEY = "metrics-key-0123456789";

    static ThrowawayPostgres pg;
    static String db;
    static String roleB;
    static SimNode node;
    static TestTill a;
    static TestTill b;
    static Shop shop;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestPostgres.available());
        pg = TestPostgres.cluster();
        db = pg.newDatabase();
        roleB = db + "_b";
        sql("CREATE ROLE " + roleB + " LOGIN SUPERUSER");
        node = SimNode.start(0, TestTill.tempDir());
        a = TestTill.start(TestTill.tempDir(), Map.of("CLN_REST_URL", node.baseUrl(), "CLN_RUNE", "any", "TILL_METRICS_KEY", METRICS_KEY,
                "TILL_DATABASE_URL", pg.url(db), "TILL_DATABASE_USER", ThrowawayPostgres.USER));
        b = TestTill.start(TestTill.tempDir(), Map.of("CLN_REST_URL", "http://127.0.0.1:" + closedPort(), "CLN_RUNE", "any",
                "TILL_METRICS_KEY", METRICS_KEY,
                "TILL_DATABASE_URL", pg.url(db), "TILL_DATABASE_USER", roleB));
        shop = a.createShop(0);
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aStatusSocketOnBTurnsPaidWhenASettles() throws Exception {
        paidOnAReachesASocketOnB();
    }

    @Test
    void bsCheckoutPageTurnsPaidWhenASettles() {
        assumeTrue(Chromium.available(), Chromium.MISSING);
        String hash = a.createInvoice(shop, 4000).get("invoiceHash").asText();
        try (Chromium chromium = Chromium.launch()) {
            chromium.driver.get(b.url + "/checkout/" + hash);
            WebDriverWait wait = new WebDriverWait(chromium.driver, QUICK);
            wait.until(driver -> driver.findElement(By.cssSelector(".remaining")).getText().matches("1[45]:\\d\\d"));
            chromium.driver.executeScript("window.tillNotReloaded = true");
            node.pay(hash, null);
            wait.until(driver -> "paid".equals(driver.findElement(By.cssSelector(".invoice")).getAttribute("data-status")));
            assertEquals(Boolean.TRUE, chromium.driver.executeScript("return window.tillNotReloaded"), "no reload");
        }
    }

    @Test
    void bsDashboardStreamTellsOfAPaymentASettled() throws Exception {
        DashboardClient.Page signedIn = DashboardClient.attempt(b.url, shop.apiKey());
        assertEquals(303, signedIn.status());
        HttpRequest request = HttpRequest.newBuilder(URI.create(b.url + "/dashboard/events"))
                .header("Cookie", signedIn.header("set-cookie").split(";", 2)[0])
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertEquals(": connected", lines.readLine());
            JsonNode invoice = a.createInvoice(shop, 3000);
            String expected = "data: {\"id\":" + invoice.get("id").asText() + ",";
            CompletableFuture<String> event = CompletableFuture.supplyAsync(() -> lines.lines()
                    .filter(line -> line.startsWith(expected)).findFirst().orElse(null));
            node.pay(invoice.get("invoiceHash").asText(), null);
            assertTrue(event.get(QUICK.toSeconds(), TimeUnit.SECONDS).contains("\"balanceMsat\":"));
        }
    }

    @Test
    void onlyTheProcessThatSettledAPaymentCountsIt() throws Exception {
        paidOnAReachesASocketOnB();
        String paid = "till_invoices_total{account=\"" + shop.accountId() + "\",event=\"paid\"}";
        assertTrue(scrape(a).contains(paid), "A settled it");
        assertFalse(scrape(b).contains(paid), "B only heard of it");
    }

    private static String scrape(TestTill till) {
        return TillClient.send(HttpRequest.newBuilder(URI.create(till.url + "/metrics")).GET(), "Bearer " + METRICS_KEY).body();
    }

    private static void paidOnAReachesASocketOnB() throws Exception {
        String hash = a.createInvoice(shop, 5000).get("invoiceHash").asText();
        try (WsClient socket = new WsClient(ws(b, "/invoice/" + hash + "/ws"))) {
            assertEquals("unpaid", socket.next(QUICK).get("status").asText());
            node.pay(hash, null);
            JsonNode paid = socket.next(QUICK);
            assertEquals("paid", paid.get("status").asText());
            assertEquals(1000, socket.awaitClose(QUICK));
            assertTrue(socket.messages.isEmpty(), "one paid message");
        }
    }

    @Test
    void aPaymentWhileBsListeningConnectionIsGoneReachesBsSocketOnceItIsBack() throws Exception {
        String hash = a.createInvoice(shop, 7000).get("invoiceHash").asText();
        try (WsClient socket = new WsClient(ws(b, "/invoice/" + hash + "/ws"))) {
            assertEquals("unpaid", socket.next(QUICK).get("status").asText());
            sql("ALTER ROLE " + roleB + " NOLOGIN");
            try {
                assertEquals(1, terminateListenersOf(roleB), "B's listening connection");
                node.pay(hash, null);
                Await.until("A settled the payment", QUICK,
                        () -> "paid".equals(a.get("/invoice/from-hash/" + hash, shop.apiKey()).text("status")));
                assertTrue(socket.messages.isEmpty(), "B cannot have heard of it yet: " + socket.messages);
            } finally {
                sql("ALTER ROLE " + roleB + " LOGIN");
            }
            assertEquals("paid", socket.next(Duration.ofSeconds(20)).get("status").asText(), "read again once B listens again");
            assertEquals(1000, socket.awaitClose(QUICK));
            assertTrue(socket.messages.isEmpty(), "one paid message");
        }
        // And B hears the next change as before.
        paidOnAReachesASocketOnB();
    }

    /** Ends the role's listening connections (as a server restart or a broken network would), answering how many. */
    private static int terminateListenersOf(String role) throws SQLException {
        try (Connection c = pg.connect(db);
             PreparedStatement s = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE usename = ? AND application_name = ?")) {
            s.setString(1, role);
            s.setString(2, PgInvoiceEvents.APPLICATION_NAME);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String ws(TestTill till, String path) {
        return till.url.replace("http://", "ws://") + path;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
