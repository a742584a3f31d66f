package till.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;
import com.fasterxml.jackson.databind.JsonNode;
import till.TestAddresses;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;
import till.bolt11.Bolt11;

/**
 * The pages in a real headless Chromium against a real Till: type, charge, scan (decode the QR the browser
 * shows), pay through the simulator, and watch the page change by itself. Writes the README's screenshots.
 */
class BrowserPagesTest {
    static final Path SCREENSHOTS = Path.of(System.getProperty("till.screenshots", "target/screenshots"));
    static final Duration QUICK = Duration.ofSeconds(10);

    static Chromium chromium;
    static TestTill server;
    static Shop shop;
    private boolean expectConsoleErrors;

    @BeforeAll
    static void start() {
        if (Chromium.available()) {
            chromium = Chromium.launch();
            server = TestTill.start();
            shop = server.createShop(0);
        }
    }

    @BeforeEach
    void needsChromium() {
        assumeTrue(chromium != null, Chromium.MISSING);
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

    @AfterEach
    void noScriptOrPolicyErrors() {
        if (chromium == null) {
            return;
        }
        List<String> errors = chromium.consoleErrors();
        if (!expectConsoleErrors) {
            assertEquals(List.of(), errors, "the browser console reports errors (a CSP violation?)");
        }
    }

    @Test
    void posChargesTheTypedAmountShowsItsQrAndTurnsPaidWithoutReloading() {
        open("/pos/" + shop.bptId());
        assertTrue(find(".banner").getText().contains("SIMULATED — no real money"));
        assertEquals("Counter", find(".merchant-name").getText());
        for (String key : new String[] {"2", "1", "0", "0", "5", "back"}) {
            find("[data-key='" + key + "']").click();
        }
        find(".note").sendKeys("Flat white");
        assertEquals("2,100", find(".entry-amount").getText());
        assertFalse(find(".entry-preview").isDisplayed(), "a terminal in sats has nothing to convert");
        chromium.screenshot(SCREENSHOTS.resolve("pos-keypad.png"));

        find("[data-action=charge]").click();
        WebElement panel = find(".invoice-screen .invoice");
        waitUntil("the QR code is shown", QUICK, () -> qrLoaded(".invoice-screen .qr img"));
        String bolt11 = find(".invoice-screen .bolt11").getAttribute("value");
        assertEquals(2_100_000L, Bolt11.decode(bolt11).amountMsat(), "the bolt11 is for the typed amount");
        assertScannedQrIs("lightning:" + bolt11, find(".invoice-screen .qr img"));
        assertEquals("2,100", find(".invoice-screen .amount-sats").getText());
        assertEquals("Flat white", find(".invoice-screen .description").getText());
        waitUntil("the countdown runs", QUICK, () -> find(".invoice-screen .remaining").getText().matches("1[45]:\\d\\d"));
        chromium.screenshot(SCREENSHOTS.resolve("pos-unpaid.png"));

        chromium.driver.executeScript("window.tillNotReloaded = true");
        server.pay(panel.getAttribute("data-hash"));
        waitUntil("the terminal shows Paid", QUICK, () -> "paid".equals(panel.getAttribute("data-status")));
        WebElement paid = find(".invoice-screen .when-paid");
        assertTrue(paid.isDisplayed());
        assertTrue(paid.getText().contains("Paid"));
        assertFalse(find(".invoice-screen .settled-at").getText().isBlank(), "the time of payment");
        assertFalse(find(".invoice-screen .qr").isDisplayed(), "no QR once paid");
        assertEquals(Boolean.TRUE, chromium.driver.executeScript("return window.tillNotReloaded"), "no reload");
        chromium.screenshot(SCREENSHOTS.resolve("pos-paid.png"));

        find(".invoice-screen .when-paid[data-action=new-sale]").click();
        assertEquals("keypad", find(".pos-card").getAttribute("data-screen"));
        assertEquals("0", find(".entry-amount").getText());
        assertEquals("", find(".note").getAttribute("value"));
    }

    @Test
    void aEuroTerminalTypesEurosShowsTheSatsAndChargesInEuros() {
        String bptId = server.post("/accounts/" + shop.accountId() + "/bpts", "{\"name\": \"Café\", \"currency\": \"EUR\"}",
                shop.apiKey()).text("id");
        open("/pos/" + bptId);
        assertEquals("EUR", find(".keypad-screen .unit").getText());
        waitUntil("the rate is shown", QUICK, () -> find(".entry-preview").getText().startsWith("1 BTC = 90,000 EUR (simulated, "));
        for (String key : new String[] {"0", "4", ".", "5", "0", "9", "."}) { // a third decimal and a second point: ignored
            find("[data-key='" + key + "']").click();
        }
        assertEquals("4.50", find(".entry-amount").getText());
        assertTrue(find(".entry-preview").getText().startsWith("≈ 5,000 sats · 1 BTC = 90,000 EUR"), find(".entry-preview").getText());
        chromium.screenshot(SCREENSHOTS.resolve("pos-keypad-eur.png"));

        find("[data-action=charge]").click();
        WebElement panel = find(".invoice-screen .invoice");
        waitUntil("the QR code is shown", QUICK, () -> qrLoaded(".invoice-screen .qr img"));
        String bolt11 = find(".invoice-screen .bolt11").getAttribute("value");
        assertEquals(5_000_000L, Bolt11.decode(bolt11).amountMsat(), "4.50 EUR at 90,000 EUR per bitcoin");
        assertScannedQrIs("lightning:" + bolt11, find(".invoice-screen .qr img"));
        assertEquals("5,000", find(".invoice-screen .amount-sats").getText());
        String fiat = find(".invoice-screen .amount-fiat").getText();
        assertTrue(fiat.matches("4\\.50 EUR · 5,000 sats · 1 BTC = 90,000 EUR \\(simulated, \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\)"), fiat);
        String hash = panel.getAttribute("data-hash");
        JsonNode stored = server.get("/invoice/from-hash/" + hash, shop.apiKey()).json();
        assertEquals("4.50", stored.get("amountFiat").asText());
        chromium.screenshot(SCREENSHOTS.resolve("pos-unpaid-eur.png"));

        assertEquals(200, server.pay(hash).status());
        waitUntil("the terminal shows Paid", QUICK, () -> "paid".equals(panel.getAttribute("data-status")));
        assertTrue(find(".invoice-screen .when-paid").getText().contains("Paid"));

        // The payer's checkout page for the same invoice shows both amounts and the rate, rendered by the server.
        open("/checkout/" + hash);
        assertEquals(fiat, find(".amount-fiat").getText());
        assertEquals("5,000", find(".amount-sats").getText());
    }

    @Test
    void checkoutGoesFromUnpaidToPaidWhenTheSimulatedPayerPays() {
        String invoice = server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId()
                + "\", \"amountMsat\": 42000000, \"tag\": \"Order #1042 — 2 books\"}", null).body();
        String hash = invoice.replaceAll(".*\"invoiceHash\":\"([0-9a-f]+)\".*", "$1");
        String bolt11 = invoice.replaceAll(".*\"bolt11\":\"(\\w+)\".*", "$1");
        open("/checkout/" + hash);
        assertEquals("unpaid", find(".invoice").getAttribute("data-status"));
        assertEquals("42,000", find(".amount-sats").getText());
        assertEquals("Order #1042 — 2 books", find(".description").getText());
        assertEquals("lightning:" + bolt11, find("a.wallet").getAttribute("href"));
        waitUntil("the QR code is shown", QUICK, () -> qrLoaded(".qr img"));
        assertScannedQrIs("lightning:" + bolt11, find(".qr img"));
        waitUntil("the countdown runs", QUICK, () -> find(".remaining").getText().matches("1[45]:\\d\\d"));
        chromium.screenshot(SCREENSHOTS.resolve("checkout-unpaid.png"));

        chromium.driver.executeScript("window.tillNotReloaded = true");
        find("[data-action=simulate]").click();
        waitUntil("the checkout shows Paid", QUICK, () -> "paid".equals(find(".invoice").getAttribute("data-status")));
        assertTrue(find(".when-paid").getText().contains("Paid"));
        assertFalse(find(".settled-at").getText().isBlank(), "the time of payment");
        assertEquals(Boolean.TRUE, chromium.driver.executeScript("return window.tillNotReloaded"), "no reload");
        assertEquals("paid", server.get("/invoice/" + hash + "/status", null).text("status"));
        chromium.screenshot(SCREENSHOTS.resolve("checkout-paid.png"));
    }

    @Test
    void checkoutReconnectsWhenTillRestartsAndStillTurnsPaid() {
        expectConsoleErrors = true; // Chromium logs each refused reconnection attempt
        Path dataDir = TestTill.tempDir();
        TestTill first = TestTill.start(dataDir, Map.of());
        String port = first.url.substring(first.url.lastIndexOf(':') + 1);
        String hash = first.createInvoice(first.createShop(0), 7000).get("invoiceHash").asText();
        chromium.driver.get(first.url + "/checkout/" + hash);
        waitUntil("the QR code is shown", QUICK, () -> qrLoaded(".qr img"));

        first.close();
        waitUntil("the page says it lost the connection", QUICK, () -> find(".offline").isDisplayed());
        try (TestTill second = TestTill.start(dataDir, Map.of("TILL_PORT", port))) {
            waitUntil("the page reconnects", Duration.ofSeconds(20), () -> !find(".offline").isDisplayed());
            second.pay(hash);
            waitUntil("the checkout shows Paid", QUICK, () -> "paid".equals(find(".invoice").getAttribute("data-status")));
        }
    }

    /** The one slow test: the shortest invoice lifetime is 30 s. Checkout and terminal watch the same invoice. */
    @Test
    void anExpiredInvoiceShowsExpiredAndTheTerminalTriesAgainWithANewInvoice() {
        open("/pos/" + shop.bptId() + "?expiration=30");
        String terminal = chromium.driver.getWindowHandle();
        for (String key : new String[] {"5", "0", "0"}) {
            find("[data-key='" + key + "']").click();
        }
        find("[data-action=charge]").click();
        WebElement panel = find(".invoice-screen .invoice");
        waitUntil("the QR code is shown", QUICK, () -> qrLoaded(".invoice-screen .qr img"));
        String firstHash = panel.getAttribute("data-hash");

        chromium.driver.switchTo().newWindow(WindowType.TAB);
        open("/checkout/" + firstHash);
        waitUntil("the checkout shows Expired", Duration.ofSeconds(50),
                () -> "expired".equals(find(".invoice").getAttribute("data-status")));
        assertTrue(find(".when-expired").getText().contains("Expired"));
        assertFalse(find(".qr").isDisplayed(), "no QR for an expired invoice");
        chromium.driver.close();

        chromium.driver.switchTo().window(terminal);
        waitUntil("the terminal shows Expired", QUICK, () -> "expired".equals(panel.getAttribute("data-status")));
        assertTrue(find(".invoice-screen .when-expired").getText().contains("Expired"));
        find("[data-action=retry].when-expired").click();
        waitUntil("a new invoice", QUICK, () -> "invoice".equals(find(".pos-card").getAttribute("data-screen"))
                && "unpaid".equals(panel.getAttribute("data-status"))
                && !firstHash.equals(panel.getAttribute("data-hash")));
        assertEquals("500", find(".invoice-screen .amount-sats").getText());
        assertNotEquals(firstHash, panel.getAttribute("data-hash"));
    }

    @Test
    void aWrongTerminalIdShowsAFriendlyPage() {
        expectConsoleErrors = true; // Chromium logs the 404 status of the page itself
        open("/pos/this-is-not-a-terminal");
        assertEquals("Terminal not found", find("h1").getText());
        String text = find("body").getText();
        assertTrue(text.contains("ask the shop owner"), text);
        assertFalse(text.contains("Exception") || text.contains("{"), text);
    }

    @Test
    void aChargeOffersOneUnifiedQrAndOnchainTurnsUnderpaidThenPaidWithoutReloading() {
        JsonNode charge = server.post("/v1/charges", "{\"amount\": 30000, \"description\": \"Order 77\"}", shop.apiKey())
                .json().get("data");
        String address = charge.get("address").asText();
        open(charge.get("hosted_checkout_url").asText().substring(server.url.length()));
        assertEquals("Bitcoin payment", find(".merchant-kind").getAttribute("textContent"));
        assertTrue(find("[role=tablist]").isDisplayed(), "the views are tabs once the script runs");
        assertEquals("true", find("#tab-unified").getAttribute("aria-selected"));
        waitUntil("the unified QR is shown", QUICK, () -> qrLoaded("#way-unified .qr img"));
        String unified = assertScannedQrIs(charge.get("uri").asText(), find("#way-unified .qr img"));
        assertTrue(unified.startsWith("BITCOIN:" + address.toUpperCase() + "?amount=0.0003&label=Order%2077&lightning=LNBCRT"),
                "upper case where it may be: " + unified);
        assertFalse(find("#way-onchain").isDisplayed());
        chromium.screenshot(SCREENSHOTS.resolve("checkout-unified.png"));

        find("#tab-lightning").click();
        assertTrue(find("#way-lightning .bolt11").isDisplayed());
        assertEquals(charge.get("lightning_invoice").get("payreq").asText(), find("#way-lightning .bolt11").getAttribute("value"));
        find("#tab-onchain").click();
        assertFalse(find("#way-lightning").isDisplayed());
        assertEquals(address, find(".onchain-address").getAttribute("value"));
        assertEquals("0.0003", find(".onchain-amount").getAttribute("value"));
        waitUntil("the on-chain QR is shown", QUICK, () -> qrLoaded(".onchain-qr"));
        assertScannedQrIs("bitcoin:" + address + "?amount=0.0003", find(".onchain-qr"));
        chromium.screenshot(SCREENSHOTS.resolve("checkout-onchain.png"));

        chromium.driver.executeScript("window.tillNotReloaded = true");
        find("[data-action=simulate-onchain][data-part=half]").click(); // sends 15,000 sats and mines a block
        waitUntil("the checkout shows Underpaid", QUICK, () -> "underpaid".equals(find(".invoice").getAttribute("data-status")));
        waitUntil("what is missing", QUICK, () -> find(".when-underpaid.notice").getText().contains("Send 15,000 sats more to the same address"));
        waitUntil("the on-chain view asks for the rest", QUICK, () -> "0.00015".equals(find(".onchain-amount").getAttribute("value")));
        assertFalse(find("#way-lightning").isDisplayed(), "the Lightning invoice is for the whole amount");
        assertTrue(find("form.refund").isDisplayed(), "the refund form");
        assertScannedQrIs("bitcoin:" + address + "?amount=0.00015", find(".onchain-qr"));
        chromium.screenshot(SCREENSHOTS.resolve("checkout-underpaid.png"));

        find("[data-action=simulate-onchain][data-part=all]").click(); // the rest
        waitUntil("the checkout shows Paid", QUICK, () -> "paid".equals(find(".invoice").getAttribute("data-status")));
        assertTrue(find(".when-paid").getText().contains("Paid"));
        assertFalse(find("form.refund").isDisplayed());
        assertEquals("paid", server.get("/v1/charge/" + charge.get("id").asText(), shop.apiKey()).json().get("data")
                .get("status").asText());
        assertEquals(Boolean.TRUE, chromium.driver.executeScript("return window.tillNotReloaded"), "no reload");
    }

    @Test
    void aChargeByItsIdWithOpenNodesLnOptionOpensOnItsLightningView() {
        JsonNode charge = server.post("/v1/charges", "{\"amount\": 2000, \"description\": \"Order 78\"}", shop.apiKey())
                .json().get("data");
        open("/checkout/" + charge.get("id").asText() + "?ln=1");
        assertTrue(find("[role=tablist]").isDisplayed());
        assertEquals("true", find("#tab-lightning").getAttribute("aria-selected"));
        assertEquals("false", find("#tab-unified").getAttribute("aria-selected"));
        assertTrue(find("#way-lightning .bolt11").isDisplayed());
        assertFalse(find("#way-unified").isDisplayed());
        waitUntil("the Lightning QR is shown", QUICK, () -> qrLoaded("#way-lightning .qr img"));
        assertScannedQrIs("lightning:" + charge.get("lightning_invoice").get("payreq").asText(), find("#way-lightning .qr img"));
        find("#tab-unified").click();
        assertTrue(find("#way-unified").isDisplayed(), "the other views are a tab away");
    }

    @Test
    void anUnderpaidPayerGetsTheMoneyBackFromTheCheckoutPage() {
        JsonNode charge = server.post("/v1/charges", "{\"amount\": 50000}", shop.apiKey()).json().get("data");
        String id = charge.get("id").asText();
        open(charge.get("hosted_checkout_url").asText().substring(server.url.length()));
        payOnchain(charge.get("address").asText(), 20_000);
        waitUntil("the checkout shows Underpaid", QUICK, () -> "underpaid".equals(find(".invoice").getAttribute("data-status")));
        waitUntil("the node has the output mined", QUICK, () -> server.get("/v1/charge/" + id, shop.apiKey()).json().get("data")
                .get("transactions").get(0).get("status").asText().equals("confirmed"));

        find("#refund-address").sendKeys(TestAddresses.testnet(5));
        find("[data-action=refund]").click();
        waitUntil("the refusal is shown", QUICK, () -> find(".refund-error").getText().contains("another network"));
        assertEquals("underpaid", find(".invoice").getAttribute("data-status"));

        String payer = TestAddresses.regtest(5);
        find("#refund-address").sendKeys(payer);
        find("[data-action=refund]").click();
        waitUntil("the checkout shows Refunded", QUICK, () -> "refunded".equals(find(".invoice").getAttribute("data-status")));
        JsonNode refunded = server.get("/v1/charge/" + id, shop.apiKey()).json().get("data");
        assertEquals("refunded", refunded.get("status").asText());
        assertEquals(payer, refunded.get("refund").get("address").asText());
        String tx = refunded.get("refund").get("tx").asText();
        waitUntil("the refund's txid is shown", QUICK, () -> find(".when-refunded").getText().contains(tx));
        chromium.screenshot(SCREENSHOTS.resolve("checkout-refunded.png"));
    }

    @Test
    void aPaymentSeenButNotYetDeepEnoughShowsSeenThenPaid() {
        try (TestTill twoBlocks = TestTill.start(TestTill.tempDir(), Map.of("TILL_ONCHAIN_CONFIRMATIONS", "2"))) {
            Shop owner = twoBlocks.createShop(0);
            JsonNode charge = twoBlocks.post("/v1/charges", "{\"amount\": 20000}", owner.apiKey()).json().get("data");
            chromium.driver.get(charge.get("hosted_checkout_url").asText());
            waitUntil("the unified QR is shown", QUICK, () -> qrLoaded("#way-unified .qr img"));
            chromium.driver.executeScript("window.tillNotReloaded = true");
            TillClient payer = new TillClient(twoBlocks.url);
            payer.post("/simulator/onchain/send", "{\"address\": \"" + charge.get("address").asText() + "\", \"amountSat\": 20000}", null);
            payer.post("/simulator/onchain/mine", "{\"blocks\": 1}", null);
            waitUntil("the checkout shows Seen", QUICK, () -> "processing".equals(find(".invoice").getAttribute("data-status")));
            assertTrue(find(".when-processing").getText().contains("Seen — waiting for confirmation"));
            assertFalse(find(".ways").isDisplayed(), "nothing more to pay");
            payer.post("/simulator/onchain/mine", "{\"blocks\": 1}", null);
            waitUntil("the checkout shows Paid", QUICK, () -> "paid".equals(find(".invoice").getAttribute("data-status")));
            assertEquals(Boolean.TRUE, chromium.driver.executeScript("return window.tillNotReloaded"), "no reload");
        }
    }

    /** The simulated payer sends to the address and a block is mined (on the simulated node's own port). */
    private static void payOnchain(String address, long sats) {
        TillClient node = new TillClient(server.till.simNode().baseUrl());
        assertEquals(200, node.post("/simulator/onchain/send", "{\"address\": \"" + address + "\", \"amountSat\": " + sats + "}", null).status());
        assertEquals(200, node.post("/simulator/onchain/mine", "{\"blocks\": 1}", null).status());
    }

    private void open(String path) {
        chromium.driver.get(server.url + path);
    }

    private WebElement find(String css) {
        return chromium.driver.findElement(By.cssSelector(css));
    }

    private boolean qrLoaded(String css) {
        return Boolean.TRUE.equals(chromium.driver.executeScript(
                "const img = document.querySelector(arguments[0]); return img.complete && img.naturalWidth > 0", css));
    }

    /** An element found just before the page replaced it (a form's answer loading, a live update) is asked again. */
    private static void waitUntil(String what, Duration timeout, Supplier<Boolean> condition) {
        new WebDriverWait(chromium.driver, timeout).withMessage(what).ignoring(StaleElementReferenceException.class)
                .until(driver -> condition.get());
    }

    /** Decodes the QR exactly as the browser painted it, as a customer's phone would; answers the text it holds. */
    private static String assertScannedQrIs(String uri, WebElement qr) {
        // A loaded image may be painted a frame later: scan until a picture of it reads, as a phone would.
        AtomicReference<String> scanned = new AtomicReference<>();
        waitUntil("a readable QR code", QUICK, () -> {
            try {
                scanned.set(QrImages.decode(qr.getScreenshotAs(OutputType.BYTES)).getText());
                return true;
            } catch (AssertionError unreadableYet) {
                return false;
            }
        });
        assertTrue(scanned.get().equalsIgnoreCase(uri), scanned.get());
        return scanned.get();
    }
}
