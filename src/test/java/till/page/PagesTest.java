package till.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static till.page.PageHttp.get;
import static till.page.PageHttp.header;
import static till.page.PageHttp.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.node.sim.SimNode;

/** The pages over plain HTTP: content, escaping, headers, QR codes, errors. The browser tests drive them live. */
class PagesTest {
    private static final String HOSTILE_NAME = "<script>alert(\"name\")</script> & Co";
    private static final String HOSTILE_TAG = "<img src=x onerror=alert(1)>";
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\ssrc=)");

    static TestTill server;
    static Shop shop;

    @BeforeAll
    static void start() {
        server = TestTill.start();
        shop = server.createShop(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void checkoutShowsTheInvoiceEscapedWithStrictHeadersAndNoSecrets() {
        Response account = server.post("/accounts/" + shop.accountId() + "/bpts",
                "{\"name\": " + jsonString(HOSTILE_NAME) + "}", shop.apiKey());
        String hostileBpt = account.text("id");
        Response created = server.post("/invoice/add", "{\"bptId\": \"" + hostileBpt + "\", \"amountMsat\": 1234500, "
                + "\"tag\": " + jsonString(HOSTILE_TAG) + ", \"webhookSecret\": \"whsec_never_on_a_page\"}", null);
        String hash = created.text("invoiceHash");

        HttpResponse<byte[]> page = get(server.url + "/checkout/" + hash);
        String html = text(page);
        assertEquals(200, page.statusCode());
        assertHtmlInUtf8(page);
        ContentSecurityPolicy.parse(header(page, "Content-Security-Policy")).assertSafeForThePages();
        assertEquals("nosniff", header(page, "X-Content-Type-Options"));
        assertEquals("no-referrer", header(page, "Referrer-Policy"));

        assertTrue(html.contains("&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; &amp; Co"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
        assertFalse(html.contains(HOSTILE_NAME) || html.contains(HOSTILE_TAG));
        assertTrue(html.contains("1,234.5"), "amount in sats");
        assertTrue(html.contains("1,234,500 msat"), "msat, as the amount is not whole sats");
        assertTrue(html.contains(created.text("bolt11")));
        assertTrue(html.contains("href=\"lightning:" + created.text("bolt11") + "\""));
        for (String secret : new String[] {shop.accountId(), shop.apiKey(), hostileBpt, "whsec_never_on_a_page", TestTill.ADMIN_KEY}) {
            assertFalse(html.contains(secret), "the page must not show " + secret);
        }
        assertNoInlineCodeOrStyle(html);
    }

    @Test
    void posPageShowsTheTerminalAndNeedsNoKey() {
        HttpResponse<byte[]> page = get(server.url + "/pos/" + shop.bptId() + "?expiration=60");
        String html = text(page);
        assertEquals(200, page.statusCode());
        assertHtmlInUtf8(page);
        ContentSecurityPolicy.parse(header(page, "Content-Security-Policy")).assertSafeForThePages();
        assertTrue(html.contains(">Counter<"), "the terminal's name");
        assertTrue(html.contains("data-expiration=\"60\""));
        assertTrue(html.contains("<script type=\"module\" src=\"/assets/pos.js\"></script>"));
        assertFalse(html.contains(shop.accountId()) || html.contains(shop.apiKey()));
        assertNoInlineCodeOrStyle(html);

        String ignored = text(get(server.url + "/pos/" + shop.bptId() + "?expiration=%22%3E%3Cscript%3E"));
        assertTrue(ignored.contains("data-expiration=\"\""), "anything but a number of seconds is ignored");
    }

    @Test
    void simulatedModeSaysSoOnEveryPageAndOffersASimulatedPayment() {
        String hash = server.createInvoice(shop, 5000).get("invoiceHash").asText();
        for (String path : new String[] {"/checkout/" + hash, "/pos/" + shop.bptId(), "/pos/no-such-terminal"}) {
            String html = text(get(server.url + path));
            assertTrue(html.contains("SIMULATED — no real money"), path);
            assertTrue(html.contains("data-simulated=\"true\""), path);
        }
        assertTrue(text(get(server.url + "/checkout/" + hash)).contains("Simulate payment"));
        assertTrue(text(get(server.url + "/pos/" + shop.bptId())).contains("Simulate payment"));
    }

    @Test
    void withARealNodeThereIsNoSimulationBannerNorButton() {
        try (SimNode node = SimNode.start(0, TestTill.tempDir());
             TestTill real = TestTill.start(TestTill.tempDir(), Map.of("CLN_REST_URL", node.baseUrl(), "CLN_RUNE", "any"))) {
            Shop realShop = real.createShop(0);
            String hash = real.createInvoice(realShop, 5000).get("invoiceHash").asText();
            for (String path : new String[] {"/checkout/" + hash, "/pos/" + realShop.bptId()}) {
                String html = text(get(real.url + path));
                assertFalse(html.contains("SIMULATED"), path);
                assertFalse(html.contains("Simulate payment"), path);
                assertTrue(html.contains("data-simulated=\"false\""), path);
            }
        }
    }

    @Test
    void unknownInvoiceOrTerminalGetsAFriendlyHtmlPage() {
        for (String path : new String[] {"/checkout/" + "ab".repeat(32), "/checkout/x%3Cy", "/pos/wrong-terminal-id"}) {
            HttpResponse<byte[]> page = get(server.url + path);
            String html = text(page);
            assertEquals(404, page.statusCode(), path);
            assertHtmlInUtf8(page);
            ContentSecurityPolicy.parse(header(page, "Content-Security-Policy")).assertSafeForThePages();
            assertTrue(html.contains("not found"), path);
            assertFalse(html.contains("Exception") || html.contains("\"code\"") || html.contains("x<y"), path);
        }
    }

    @Test
    void qrCodesHoldTheLightningUriWithQuietZoneAndErrorCorrectionM() {
        JsonNode invoice = server.createInvoice(shop, 21_000);
        String bolt11 = invoice.get("bolt11").asText();
        String base = server.url + "/invoice/" + invoice.get("invoiceHash").asText();

        HttpResponse<byte[]> png = get(base + "/qr.png");
        assertEquals(200, png.statusCode());
        assertEquals("image/png", header(png, "Content-Type"));
        assertEquals(PageRoutes.QR_CACHE, header(png, "Cache-Control"));
        Result decoded = QrImages.decode(png.body());
        assertEquals("LIGHTNING:" + bolt11.toUpperCase(), decoded.getText());
        assertTrue(decoded.getText().equalsIgnoreCase("lightning:" + bolt11));
        assertEquals("M", decoded.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL));

        BufferedImage image = QrImages.image(png.body());
        int border = QrCodes.QUIET_ZONE * QrCodes.PNG_PIXELS_PER_MODULE;
        for (int i = 0; i < image.getWidth(); i++) {
            for (int d = 0; d < border; d++) {
                assertWhite(image, i, d);
                assertWhite(image, d, i);
                assertWhite(image, i, image.getHeight() - 1 - d);
                assertWhite(image, image.getWidth() - 1 - d, i);
            }
        }

        HttpResponse<byte[]> svg = get(base + "/qr.svg");
        assertEquals(200, svg.statusCode());
        assertEquals("image/svg+xml", header(svg, "Content-Type"));
        int modules = image.getWidth() / QrCodes.PNG_PIXELS_PER_MODULE;
        assertTrue(text(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(text(svg).contains("viewBox=\"0 0 " + modules + " " + modules + "\""));

        Response missing = server.get("/invoice/" + "00".repeat(32) + "/qr.png", null);
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.text("code"));
    }

    @Test
    void assetsAreServedFromTheJarWithModestCachingAndNothingElseIs() {
        for (String name : new String[] {"till.css", "till.js", "checkout.js", "pos.js", "icon.svg"}) {
            HttpResponse<byte[]> asset = get(server.url + "/assets/" + name);
            assertEquals(200, asset.statusCode(), name);
            assertEquals(PageRoutes.ASSET_CACHE, header(asset, "Cache-Control"), name);
            assertEquals("nosniff", header(asset, "X-Content-Type-Options"), name);
        }
        assertTrue(header(get(server.url + "/assets/till.css"), "Content-Type").startsWith("text/css"));
        assertTrue(header(get(server.url + "/assets/pos.js"), "Content-Type").startsWith("text/javascript"));
        for (String path : new String[] {"/assets/layout.html", "/assets/..%2Flayout.html", "/assets/simplelogger.properties"}) {
            assertEquals(404, get(server.url + path).statusCode(), path);
        }
    }

    @Test
    void publicStatusCarriesTheSettlementTimeOncePaid() {
        String hash = server.createInvoice(shop, 3000).get("invoiceHash").asText();
        assertTrue(server.get("/invoice/" + hash + "/status", null).json().get("settledAtUtc").isNull());
        server.pay(hash);
        JsonNode status = server.get("/invoice/" + hash + "/status", null).json();
        assertEquals("paid", status.get("status").asText());
        Instant settledAt = Instant.parse(status.get("settledAtUtc").asText());
        String html = text(get(server.url + "/checkout/" + hash));
        assertTrue(html.contains("data-status=\"paid\""));
        Matcher datetime = Pattern.compile("datetime=\"([^\"]+)\"").matcher(html);
        assertTrue(datetime.find(), "the page says when it was paid");
        assertEquals(settledAt, Instant.parse(datetime.group(1)).truncatedTo(ChronoUnit.MILLIS));
    }

    private static void assertNoInlineCodeOrStyle(String html) {
        assertFalse(INLINE_SCRIPT.matcher(html).find(), "no inline script: the CSP forbids it");
        assertFalse(html.contains("<style") || html.contains(" style=") || html.contains(" onclick="), "no inline style or handler");
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing from another origin");
    }

    private static void assertWhite(BufferedImage image, int x, int y) {
        assertEquals(0xFFFFFF, image.getRGB(x, y) & 0xFFFFFF, "quiet zone at " + x + "," + y);
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** text/html with charset=utf-8: without a charset a browser may guess another encoding for names and tags. */
    private static void assertHtmlInUtf8(HttpResponse<byte[]> page) {
        String type = header(page, "Content-Type");
        assertTrue(type != null && type.matches("(?i)text/html\\s*;\\s*charset=\"?utf-8\"?"), page.uri() + ": " + type);
    }
}
