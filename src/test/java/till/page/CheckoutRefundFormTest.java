package till.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestAddresses;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;

/**
 * The checkout page's refund form without a script: the page an underpaid payer gets, the form's POST and its answer
 * (a redirect to the page showing the refund or the refusal), and what keeps other sites from posting it.
 */
class CheckoutRefundFormTest {
    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([0-9a-f]+)\"");
    static TestTill server;
    static Shop shop;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_RATE_LIMIT_PER_ADDRESS", "0"));
        shop = server.createShop(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An underpaid charge's checkout path. */
    private static String underpaidCheckout(long amountSat, long paidSat) {
        return underpaidCheckout(server, shop, amountSat, paidSat);
    }

    private static String underpaidCheckout(TestTill server, Shop shop, long amountSat, long paidSat) {
        JsonNode charge = server.post("/v1/charges", "{\"amount\": " + amountSat + "}", shop.apiKey()).json().get("data");
        TillClient node = new TillClient(server.url);
        node.post("/simulator/onchain/send", "{\"address\": \"" + charge.get("address").asText() + "\", \"amountSat\": "
                + paidSat + "}", null);
        node.post("/simulator/onchain/mine", "{\"blocks\": 1}", null);
        String path = charge.get("hosted_checkout_url").asText().substring(server.url.length());
        String id = charge.get("id").asText();
        Await.until("underpaid, its output confirmed", Duration.ofSeconds(15), () -> page(server, path).contains("data-status=\"underpaid\"")
                && server.get("/v1/charge/" + id, shop.apiKey()).json().get("data").get("transactions").get(0).get("status").asText()
                .equals("confirmed"));
        return path;
    }

    private static String page(String path) {
        return page(server, path);
    }

    private static String page(TestTill server, String path) {
        return PageHttp.text(PageHttp.get(server.url + path));
    }

    private static String token(String html) {
        Matcher m = TOKEN.matcher(html);
        assertTrue(m.find(), "the form carries its token");
        return m.group(1);
    }

    private static String form(String address, String token) {
        return "address=" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "&token=" + token;
    }

    @Test
    void anUnderpaidPageAsksForTheRestAndRefundsWithoutAScript() {
        String path = underpaidCheckout(80_000, 30_000);
        String html = page(path);
        assertTrue(html.contains("<span class=\"missing-sats\">50,000</span> sats"), "what is missing");
        assertTrue(html.contains("<form class=\"when-underpaid refund\" id=\"refund\" method=\"post\" action=\"" + path + "/refund\">"));
        assertTrue(html.contains("value=\"0.0005\""), "the on-chain view asks for what is missing, in BTC");
        String token = token(html);

        HttpResponse<byte[]> wrong = PageHttp.postForm(server.url + path + "/refund", form(TestAddresses.mainnet(3), token),
                "Sec-Fetch-Site", "same-origin");
        assertEquals(303, wrong.statusCode());
        assertEquals(path + "?refund_error=refund_address_wrong_network#refund", PageHttp.header(wrong, "Location"));
        assertTrue(page(path + "?refund_error=refund_address_wrong_network").contains(
                "<p class=\"refund-error\" role=\"alert\">This bitcoin address is of another network than the node&#39;s</p>"));

        HttpResponse<byte[]> sent = PageHttp.postForm(server.url + path + "/refund", form(TestAddresses.regtest(3), token),
                "Sec-Fetch-Site", "same-origin", "Origin", "null");
        assertEquals(303, sent.statusCode());
        assertEquals(path, PageHttp.header(sent, "Location"));
        String refunded = page(path);
        assertTrue(refunded.contains("data-status=\"refunded\""));
        String tx = server.get("/v1/refunds", shop.apiKey()).json().get("data").get(0).get("tx").asText();
        assertTrue(refunded.contains("<code class=\"refund-txid\">" + tx + "</code>"), "the refund's txid");
        assertEquals(tx, server.get(path + "/state", null).json().get("refundTxid").asText());
    }

    @Test
    void theFormIsRateLimitedPerCharge() {
        try (TestTill limited = TestTill.start(TestTill.tempDir(), Map.of("TILL_RATE_LIMIT_PER_TERMINAL", "2/h"))) {
            Shop owner = limited.createShop(0);
            String path = underpaidCheckout(limited, owner, 60_000, 20_000);
            String form = form(TestAddresses.testnet(6), token(page(limited, path)));
            for (int attempt = 0; attempt < 2; attempt++) {
                assertEquals(path + "?refund_error=refund_address_wrong_network#refund",
                        PageHttp.header(PageHttp.postForm(limited.url + path + "/refund", form), "Location"));
            }
            assertEquals(path + "?refund_error=rate_limited#refund",
                    PageHttp.header(PageHttp.postForm(limited.url + path + "/refund", form), "Location"));
            assertTrue(page(limited, path + "?refund_error=rate_limited").contains("Too many requests; try again later"));
        }
    }

    @Test
    void onlyTheChargesOwnPageMayPostTheForm() {
        String path = underpaidCheckout(60_000, 20_000);
        String token = token(page(path));
        String address = TestAddresses.regtest(4);
        String[][] forged = {
            {form(address, "0".repeat(64)), "Sec-Fetch-Site", "same-origin"},
            {"address=" + address, "Sec-Fetch-Site", "same-origin"},
            {form(address, token), "Sec-Fetch-Site", "cross-site"},
            {form(address, token), "Origin", "https://evil.example"},
        };
        for (String[] attempt : forged) {
            HttpResponse<byte[]> refused = PageHttp.postForm(server.url + path + "/refund", attempt[0], attempt[1], attempt[2]);
            assertEquals(403, refused.statusCode(), String.join(" ", attempt));
        }
        String other = underpaidCheckout(60_000, 20_000);
        assertEquals(403, PageHttp.postForm(server.url + other + "/refund", form(address, token)).statusCode(),
                "a token is good for its own charge only");
        JsonNode state = server.get(path + "/state", null).json();
        assertEquals("underpaid", state.get("status").asText());
        assertTrue(state.get("refundTxid").isNull(), "nothing sent: " + state);
    }
}
