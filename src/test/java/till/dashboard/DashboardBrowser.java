package till.dashboard;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import till.page.Chromium;

/** Signing in and out of the dashboard in Chromium, as a person does: the sign-in form, the sign-out button. */
public final class DashboardBrowser {
    private static final Duration QUICK = Duration.ofSeconds(10);

    private DashboardBrowser() {}

    /**
     * Opens the sign-in page, pastes {@code key}, submits, and waits until the browser has left the sign-in page (for
     * the session's home, or {@code next} when given: a path under /dashboard to land on).
     */
    public static void signIn(Chromium chromium, String baseUrl, String key, String next) {
        chromium.driver.get(baseUrl + "/dashboard/sign-in" + (next == null ? "" : "?next=" + next));
        chromium.driver.findElement(By.id("key")).sendKeys(key);
        chromium.driver.findElement(By.cssSelector(".dash-sign-in button[type=submit]")).click();
        try {
            new WebDriverWait(chromium.driver, QUICK).until(d -> !d.getCurrentUrl().contains("/dashboard/sign-in")
                    && d.findElements(By.cssSelector(".dash-sign-out")).size() == 1);
        } catch (RuntimeException e) {
            throw new AssertionError("not signed in: at " + chromium.driver.getCurrentUrl() + ": " + chromium.driver.getPageSource(), e);
        }
    }

    public static void signIn(Chromium chromium, String baseUrl, String key) {
        signIn(chromium, baseUrl, key, null);
    }

    /** Presses the sign-out button and waits for the sign-in form. */
    public static void signOut(Chromium chromium) {
        chromium.driver.findElement(By.cssSelector(".dash-sign-out button")).click();
        new WebDriverWait(chromium.driver, QUICK).until(d -> d.findElements(By.id("key")).size() == 1);
    }
}
