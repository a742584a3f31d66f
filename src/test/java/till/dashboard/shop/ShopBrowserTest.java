package till.dashboard.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import till.TestInvoices;
import till.TestTill;
import till.TillClient.Shop;
import till.dashboard.DashboardBrowser;
import till.page.Chromium;

/**
 * The shop's terminals, pay-outs and keys in a real headless Chromium, as a shop owner clicks through them: a terminal
 * made and its POS opened from the dashboard, its QR printed, a bolt11 paid, a key made. Writes the README's
 * screenshots of these pages.
 */
class ShopBrowserTest {
    static final Path SCREENSHOTS = Path.of(System.getProperty("till.screenshots", "target/screenshots"));
    private static final Duration QUICK = Duration.ofSeconds(10);
    static Chromium chromium;
    static TestTill server;

    @BeforeAll
    static void start() {
        if (Chromium.available()) {
            chromium = Chromium.launch();
            server = TestTill.start(TestTill.tempDir(), Map.of());
        }
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void waitFor(String urlPart) {
        new WebDriverWait(chromium.driver, QUICK).until(d -> d.getCurrentUrl().contains(urlPart));
    }

    private static WebElement find(String css) {
        return chromium.driver.findElement(By.cssSelector(css));
    }

    @Test
    void aTerminalIsMadeItsPosOpensItsQrPrintsABolt11IsPaidAndAKeyMade() {
        assumeTrue(chromium != null, Chromium.MISSING);
        Shop shop = server.createShop(0);
        server.fund(shop, 250_000_000);
        DashboardBrowser.signIn(chromium, server.url, shop.apiKey(), TerminalsSection.PATH);

        find("#name").sendKeys("Terrace");
        find("#split").clear();
        find("#split").sendKeys("80");
        find("#currency").sendKeys("EUR");
        find("form[action='/dashboard/terminals'] button[type=submit]").click();
        waitFor("?made=");
        String bptId = chromium.driver.getCurrentUrl().replaceAll(".*\\?made=", "");
        assertTrue(find(".dash-notice").getText().contains("Terrace"));
        assertEquals("Terminals", find(".dash-nav [aria-current=page]").getText());
        chromium.desktopScreenshot(SCREENSHOTS.resolve("dashboard-terminals.png"));

        find("tr[data-bpt-id='" + bptId + "'] a[href$='/print']").click();
        waitFor("/print");
        assertTrue(find(".dash-print-qr svg").isDisplayed());
        assertTrue(find(".dash-print-url").getText().endsWith("/pos/" + bptId));
        chromium.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        assertTrue(chromium.driver.findElements(By.cssSelector(".dash-bar")).stream().noneMatch(WebElement::isDisplayed),
                "printed: the card alone");
        chromium.desktopScreenshot(SCREENSHOTS.resolve("dashboard-print.png"));
        chromium.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));

        chromium.driver.navigate().back();
        waitFor("?made=");
        find("tr[data-bpt-id='" + bptId + "'] a.pos-link").click();
        waitFor("/pos/" + bptId);
        assertEquals("Terrace", find(".merchant-name").getText());
        assertEquals("EUR", find(".keypad-screen .unit").getText(), "its POS types euros");
        assertEquals(List.of(), chromium.consoleErrors(), "no CSP violation, no script error");

        String bolt11 = TestInvoices.external(12_345_000L);
        chromium.driver.get(server.url + PayoutsSection.PATH);
        find("#bolt11").sendKeys(bolt11);
        find("form[action='/dashboard/payouts/review'] button[type=submit]").click();
        waitFor("/review");
        assertTrue(find(".dash-facts").getText().contains("at most 61.725 sats"), find(".dash-facts").getText());
        chromium.desktopScreenshot(SCREENSHOTS.resolve("dashboard-payout-review.png"));
        find("form[action='/dashboard/payouts'] button[type=submit]").click();
        waitFor("?payment=");
        assertEquals("Paid 12,345 sats", find(".dash-outcome-title").getText());
        assertEquals("paid", find("tr[data-payment-hash='" + TestInvoices.paymentHash(bolt11) + "'] .dash-status").getText());
        chromium.desktopScreenshot(SCREENSHOTS.resolve("dashboard-payouts.png"));

        chromium.driver.get(server.url + KeysSection.PATH);
        new Select(find("#kind")).selectByValue("receive");
        find("#label").sendKeys("WooCommerce plugin");
        find("form[action='/dashboard/keys'] button[type=submit]").click();
        new WebDriverWait(chromium.driver, QUICK).until(d -> !d.findElements(By.id("new-key")).isEmpty());
        assertTrue(find("#new-key").getAttribute("value").startsWith("till_recv_"));
        assertTrue(chromium.driver.getCurrentUrl().endsWith(KeysSection.PATH), "the key is in no URL");
        find("a.button[href='/dashboard/keys']").click();
        new WebDriverWait(chromium.driver, QUICK).until(d -> d.findElements(By.id("new-key")).isEmpty());
        assertTrue(find(".dash-table").getText().contains("WooCommerce plugin"));
        chromium.desktopScreenshot(SCREENSHOTS.resolve("dashboard-keys.png"));
        assertEquals(List.of(), chromium.consoleErrors(), "no CSP violation, no script error");
    }
}
