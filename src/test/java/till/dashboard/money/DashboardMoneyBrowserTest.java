package till.dashboard.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import till.Await;
import till.TestTill;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.dashboard.DashboardBrowser;
import till.page.Chromium;

/**
 * The shop's money in a real headless Chromium: signed in as a shop, an invoice paid through the simulator appears in
 * the open overview and list without a reload and the balance changes; the CSV downloads and holds it. Writes the
 * README's screenshots of the three views.
 */
class DashboardMoneyBrowserTest {
    static final Path SCREENSHOTS = Path.of(System.getProperty("till.screenshots", "target/screenshots"));
    static final Duration QUICK = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();
    static Chromium chromium;
    static TestTill server;
    static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        if (Chromium.available()) {
            chromium = Chromium.launch();
            server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"));
            receiver = new WebhookReceiver(received -> WebhookReceiver.Answer.of(200));
        }
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
            receiver.close();
        }
    }

    private static JsonNode invoice(Shop shop, long amountMsat, String tag) {
        return invoice(shop, amountMsat, tag, "");
    }

    private static JsonNode invoice(Shop shop, long amountMsat, String tag, String more) {
        return server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": " + amountMsat
                + ", \"tag\": \"" + tag + "\"" + more + "}", null).json();
    }

    /** The element's text, or "" while the page swaps it for a fresh one. */
    private static String text(String css) {
        try {
            return chromium.driver.findElement(By.cssSelector(css)).getText();
        } catch (StaleElementReferenceException | NoSuchElementException e) {
            return "";
        }
    }

    @Test
    void aPaymentAppearsWithoutReloadAndTheCsvHasIt() throws Exception {
        assumeTrue(chromium != null, Chromium.MISSING);
        Shop shop = server.createShop(0);
        for (int i = 1; i <= 3; i++) {
            server.pay(invoice(shop, i * 1_000_000L, "table " + i).get("invoiceHash").asText());
        }
        invoice(shop, 2_500_000, "table 4");
        DashboardBrowser.signIn(chromium, server.url, shop.apiKey());
        assertEquals("6,000 sats", text("#balance"));
        Await.until("the live stream is open", QUICK,
                () -> "connected".equals(chromium.driver.findElement(By.tagName("body")).getAttribute("data-live")));
        chromium.screenshot(SCREENSHOTS.resolve("dashboard-overview.png"));
        chromium.desktopScreenshot(SCREENSHOTS.resolve("dashboard-overview-desktop.png"));

        // A payment while the overview is open: the balance and the latest transactions change by themselves.
        chromium.driver.executeScript("window.notReloaded = true");
        JsonNode sale = invoice(shop, 4_200_000, "live sale", ", \"webhookUrl\": \"" + receiver.url("/paid") + "\"");
        String id = sale.get("id").asText();
        server.pay(sale.get("invoiceHash").asText());
        Await.until("the balance changes without a reload", QUICK, () -> text("#balance").equals("10,200 sats"));
        Await.until("the sale is listed", QUICK,
                () -> !chromium.driver.findElements(By.cssSelector("tr[data-id='" + id + "']")).isEmpty());
        assertEquals(Boolean.TRUE, chromium.driver.executeScript("return window.notReloaded"), "the page was not reloaded");

        // The list, open before the next payment, shows it too, as paid.
        chromium.driver.get(server.url + "/dashboard/transactions");
        Await.until("the list's live stream is open", QUICK,
                () -> "connected".equals(chromium.driver.findElement(By.tagName("body")).getAttribute("data-live")));
        JsonNode next = invoice(shop, 1_500_000, "next sale");
        String nextId = next.get("id").asText();
        Await.until("the new invoice is listed", QUICK,
                () -> !chromium.driver.findElements(By.cssSelector("tr[data-id='" + nextId + "']")).isEmpty());
        server.pay(next.get("invoiceHash").asText());
        Await.until("it turns paid without a reload", QUICK,
                () -> text("tr[data-id='" + nextId + "'] .money-status").equals("paid"));
        chromium.screenshot(SCREENSHOTS.resolve("dashboard-transactions.png"));
        chromium.desktopScreenshot(SCREENSHOTS.resolve("dashboard-transactions-desktop.png"));

        chromium.driver.findElement(By.linkText(id)).click();
        Await.until("the transaction opens", QUICK, () -> chromium.driver.getCurrentUrl().endsWith("/dashboard/transactions/" + id));
        assertTrue(text(".money-facts").contains(sale.get("bolt11").asText()));
        receiver.next(QUICK);
        // Redeliver, through the page's own form (its CSRF token): the webhook arrives again, the page says so.
        chromium.driver.findElement(By.cssSelector("form[action$='/redeliver'] button")).click();
        Await.until("the redelivery is queued", QUICK, () -> text(".money-notice").equals("The webhook was queued again."));
        assertEquals(sale.get("invoiceHash").asText(), JSON.readTree(receiver.next(QUICK).body()).path("transaction")
                .path("invoiceHash").asText());
        Await.until("both deliveries' attempts are shown", QUICK, () -> {
            chromium.driver.navigate().refresh();
            return chromium.driver.findElements(By.xpath("//td[text()='HTTP 200']")).size() == 2;
        });
        chromium.screenshot(SCREENSHOTS.resolve("dashboard-transaction.png"));

        // The CSV, downloaded by the browser as a file.
        Path downloads = Files.createTempDirectory("till-downloads");
        chromium.driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        chromium.driver.get(server.url + "/dashboard/transactions");
        chromium.driver.findElement(By.linkText("Download these as CSV")).click();
        Await.until("the CSV is downloaded", QUICK, () -> csv(downloads) != null);
        List<String> lines = Files.readAllLines(csv(downloads));
        assertEquals(String.join(",", TransactionsCsv.COLUMNS), lines.get(0));
        assertEquals(7, lines.size(), "the header and six transactions");
        assertTrue(lines.stream().anyMatch(line -> line.startsWith(id + ",") && line.contains(",paid,4200,4200000,")
                && line.contains(",live sale," + sale.get("invoiceHash").asText())), String.join("\n", lines));
        assertEquals(List.of(), chromium.consoleErrors(), "no CSP violation, no script error");
    }

    /** The finished download: Chromium writes a .crdownload file until it is complete. */
    private static Path csv(Path downloads) {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
