package till.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;
import till.Await;
import till.TestTill;
import till.TillClient.Shop;
import till.page.Chromium;

/** Signing in and out of the dashboard in a real headless Chromium; writes the sign-in page's screenshots. */
class DashboardBrowserTest {
    static final Path SCREENSHOTS = Path.of(System.getProperty("till.screenshots", "target/screenshots"));

    static final Duration QUICK = Duration.ofSeconds(10);
    private static final TestSection[] SECTION = new TestSection[1];
    static Chromium chromium;
    static TestTill server;

    @BeforeAll
    static void start() {
        if (Chromium.available()) {
            chromium = Chromium.launch();
            server = TestTill.start(TestTill.tempDir(), Map.of(), Clock.systemUTC(), TestSection.into(SECTION));
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

    @Test
    void signInSeeThePageSignOut() {
        assumeTrue(chromium != null, Chromium.MISSING);
        Shop shop = server.createShop(0);
        chromium.driver.get(server.url + TestSection.SHOP_PAGE);
        assertEquals("password", chromium.driver.findElement(By.id("key")).getAttribute("type"));
        chromium.screenshot(SCREENSHOTS.resolve("dashboard-sign-in.png"));
        chromium.desktopScreenshot(SCREENSHOTS.resolve("dashboard-sign-in-desktop.png"));

        chromium.driver.findElement(By.id("key")).sendKeys("till_acct_not-a-key");
        chromium.driver.findElement(By.cssSelector(".dash-sign-in button[type=submit]")).click();
        new WebDriverWait(chromium.driver, QUICK).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElement(By.cssSelector(".dash-error")).getText().equals("That key was not accepted."));
        assertFalse(chromium.driver.getCurrentUrl().contains("not-a-key"), "the key never goes in a URL");
        // The refusal's 401 is the only console error: the page itself loads its styles under the CSP.
        assertEquals(List.of(), chromium.consoleErrors().stream().filter(e -> !e.contains("401")).toList());

        DashboardBrowser.signIn(chromium, server.url, shop.apiKey(), TestSection.SHOP_PAGE);
        assertTrue(chromium.driver.getCurrentUrl().endsWith(TestSection.SHOP_PAGE));
        assertEquals(shop.accountId(), chromium.driver.findElement(By.cssSelector(".test-account")).getText());
        assertEquals("Shop", chromium.driver.findElement(By.cssSelector(".dash-name")).getText());
        assertEquals("Overview", chromium.driver.findElement(By.cssSelector(".dash-nav [aria-current=page]")).getText());
        assertTrue(chromium.driver.findElement(By.cssSelector(".banner")).getText().contains("SIMULATED"));
        // A form of the page, posted by the browser itself, passes the CSRF and origin checks.
        chromium.driver.findElement(By.name("note")).sendKeys("from the browser");
        chromium.driver.findElement(By.cssSelector("form[action='" + TestSection.SHOP_FORM + "'] button")).click();
        Await.until("the form is taken", QUICK,
                () -> SECTION[0].notes.contains(shop.accountId() + ":from the browser"));
        assertEquals(List.of(), chromium.consoleErrors(), "no CSP violation, no script error");
        chromium.desktopScreenshot(SCREENSHOTS.resolve("dashboard-layout-test.png"));

        // The same form without its CSRF token (taken out of the page by a script) is refused, and records nothing.
        chromium.driver.get(server.url + TestSection.SHOP_PAGE);
        chromium.driver.executeScript("document.querySelector(\"form[action='" + TestSection.SHOP_FORM
                + "'] input[name=csrf]\").remove()");
        chromium.driver.findElement(By.name("note")).sendKeys("without the token");
        chromium.driver.findElement(By.cssSelector("form[action='" + TestSection.SHOP_FORM + "'] button")).click();
        new WebDriverWait(chromium.driver, QUICK).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElement(By.cssSelector(".dash-message")).getText().contains("Form refused") ||
                d.getTitle().contains("Form refused"));
        assertFalse(SECTION[0].notes.stream().anyMatch(n -> n.endsWith("without the token")), "nothing recorded");
        // A shop's session cannot open the operator's view.
        chromium.driver.get(server.url + "/dashboard/admin");
        assertTrue(chromium.driver.getTitle().contains("Not allowed"), chromium.driver.getTitle());

        DashboardBrowser.signOut(chromium);
        chromium.driver.get(server.url + TestSection.SHOP_PAGE);
        assertTrue(chromium.driver.findElements(By.cssSelector(".test-account")).isEmpty(), "signed out");
        assertEquals(1, chromium.driver.findElements(By.id("key")).size());
    }
}
