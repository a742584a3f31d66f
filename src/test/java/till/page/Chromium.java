package till.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import till.RequiredTool;

/**
 * Debian's headless Chromium driven through its own chromedriver, both named explicitly so that Selenium
 * Manager never tries to download a browser. Without them the browser tests are skipped loudly, except under
 * CI, where a missing browser is a failure.
 */
public final class Chromium implements AutoCloseable {
    /** Debian's paths; {@code -Dtill.chromium=} and {@code -Dtill.chromedriver=} point elsewhere. */
    static final Path BINARY = Path.of(System.getProperty("till.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("till.chromedriver", "/usr/bin/chromedriver"));
    /** A phone screen, rendered at twice the density, as most phones are. */
    static final int WIDTH = 412;
    static final int HEIGHT = 915;
    static final int PIXEL_RATIO = 2;
    /** A laptop's screen, for the dashboard's desktop layout. */
    static final int DESKTOP_WIDTH = 1280;

    /**
     * Debian's Chromium is usually newer than the DevTools bindings Selenium ships, which it warns about; the
     * tests only send plain DevTools commands through chromedriver, which need no bindings.
     */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
    }

    public final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static final String MISSING = "Chromium is not installed (" + BINARY + " and " + DRIVER + "), so the browser tests "
            + "of the pages cannot run. Install it with: sudo apt-get install chromium chromium-driver";

    /** Whether the browser is there; says so loudly when it is not, and fails under CI, where it must be. */
    public static boolean available() {
        if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
            return true;
        }
        return RequiredTool.missing(MISSING);
    }

    public static Chromium launch() {
        Path profile;
        try {
            profile = Files.createTempDirectory("till-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        Chromium chromium = new Chromium(new ChromeDriver(service, options), profile);
        chromium.emulatePhone(HEIGHT);
        return chromium;
    }

    private void emulatePhone(int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", WIDTH, "height", height, "deviceScaleFactor", PIXEL_RATIO, "mobile", true));
    }

    /** The whole page as a phone shows it when scrolled through, written to {@code file}. */
    public void screenshot(Path file) {
        Number pageHeight = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        emulatePhone(Math.max(HEIGHT, pageHeight.intValue()));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            emulatePhone(HEIGHT);
        }
    }

    /** The whole page as a desktop browser 1280 pixels wide shows it, written to {@code file}; then a phone again. */
    public void desktopScreenshot(Path file) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", DESKTOP_WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
        Number pageHeight = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", DESKTOP_WIDTH, "height", Math.max(HEIGHT, pageHeight.intValue()), "deviceScaleFactor", 1, "mobile", false));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            emulatePhone(HEIGHT);
        }
    }

    /** Console errors since the last call: a CSP violation or a script error shows up here. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
