package till.dashboard.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import till.Await;
import till.TestTill;
import till.TillClient;
import till.dashboard.DashboardBrowser;
import till.page.Chromium;

/** The operator's view in a real headless Chromium: sign in with the admin key, the accounts and the node, a new account. */
class OperatorBrowserTest {
    private static final Path SCREENSHOTS = Path.of(System.getProperty("till.screenshots", "target/screenshots"));

    @Test
    void signInWithTheAdminKeySeeTheAccountsAndTheNodeCreateAnAccount() {
        assumeTrue(Chromium.available(), Chromium.MISSING);
        try (Chromium chromium = Chromium.launch(); TestTill server = TestTill.start()) {
            TillClient.Shop cafe = server.createShop(0);
            String hash = server.createInvoice(cafe, 12_500_000L).get("invoiceHash").asText();
            server.pay(hash);
            Await.until("the payment credited", Duration.ofSeconds(10), () -> server.balance(cafe) == 12_500_000L);
            server.createInvoice(cafe, 7_000_000_000L); // larger than the simulated node can receive: the warning

            DashboardBrowser.signIn(chromium, server.url, TestTill.ADMIN_KEY);
            assertTrue(chromium.driver.getCurrentUrl().endsWith("/dashboard/admin"), chromium.driver.getCurrentUrl());
            String accounts = chromium.driver.findElement(By.cssSelector("table[aria-label='Accounts']")).getText();
            assertTrue(accounts.contains(cafe.accountId()) && accounts.contains("12,500"), accounts);
            String channels = chromium.driver.findElement(By.cssSelector("table[aria-label='Channels']")).getText();
            assertTrue(channels.contains("10,000,000") && channels.contains("6,000,000"), channels);
            assertTrue(chromium.driver.findElement(By.cssSelector(".op-warning")).getText()
                    .contains("larger than the node can receive now"));
            assertEquals(List.of(), chromium.consoleErrors(), "no CSP violation, no script error");
            chromium.desktopScreenshot(SCREENSHOTS.resolve("dashboard-admin.png"));
            chromium.screenshot(SCREENSHOTS.resolve("dashboard-admin-phone.png"));

            chromium.driver.findElement(By.id("account-name")).sendKeys("Bakery on the corner");
            chromium.driver.findElement(By.id("account-fee")).sendKeys("2500");
            chromium.driver.findElement(By.cssSelector(".op-form button[type=submit]")).click();
            new WebDriverWait(chromium.driver, Duration.ofSeconds(10))
                    .until(d -> !d.findElements(By.id("api-key")).isEmpty());
            String key = chromium.driver.findElement(By.id("api-key")).getText();
            assertTrue(key.length() > 20, key);
            assertFalse(chromium.driver.getCurrentUrl().contains(key), "the key never goes in a URL");
            assertEquals(200, server.get("/v1/account/balance", key).status(), "the key works");
            chromium.screenshot(SCREENSHOTS.resolve("dashboard-admin-created.png"));
            assertEquals(List.of(), chromium.consoleErrors());
        }
    }
}
