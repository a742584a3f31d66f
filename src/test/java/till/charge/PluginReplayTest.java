package till.charge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static till.OpenNodeCallbacks.hashedOrder;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.MovableClock;
import till.OpenNodeCallbacks;
import till.RawHttp;
import till.TestTill;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.WebhookReceiver.Answer;
import till.bolt11.Bolt11;

/**
 * The official OpenNode plugins for Magento 2, PrestaShop and OpenCart, replayed against Till: each test sends, byte
 * for byte, the request the plugin's code sends (its vendored OpenNode PHP library over PHP's cURL, see
 * {@link PhpCurl}), with the vendor line that names OpenNode's host pointed at Till, and checks every field the plugin
 * reads from the answer, from the callback and from the charge it reads back when called. Their sources:
 * github.com/opennodedev/opennode-magento-2 (332c359, with opennodedev/opennode-php 2e48d44, its composer dependency),
 * github.com/opennodedev/prestashop (1ef1d5c) and github.com/opennodedev/opencart (5de515d). The simulated node pays;
 * its fixed rates (USD 100000, EUR 90000, GBP 80000 a bitcoin) make the conversions exact to check.
 */
class PluginReplayTest {
    static final MovableClock clock = new MovableClock();
    static TestTill server;
    static Shop shop;
    static int port;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"), clock);
        shop = server.createShop(10_000);
        port = Integer.parseInt(server.url.substring(server.url.lastIndexOf(':') + 1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * Magento 2. Controller/Standard/Redirect.php lines 91-102 build the charge from the order (order_id and description
     * the increment id as strings, amount floatval of the grand total, the order's currency, customer_name and
     * customer_email) and lines 102-103 read its {@code id}; Helper/Data.php lines 113-129 make the URLs (success_url
     * carries the order id and the API key, base64) and lines 179-187 the library's settings (user agent
     * "OpenNode Gateway"); opennode-php lib/OpenNode.php lines 58-82 send it (lib/Merchant/Charge.php line 75: POST
     * /charges). Controller/Standard/Webhook.php lines 104-137 and 165-172 check {@code hashed_order} against
     * hash_hmac('sha256', id, api key) over the form's id, read the charge back (GET /charge/{id}, Charge.php line 40)
     * and act on its {@code order_id} and {@code status} (paid, processing, refunded, expired: Helper/Data.php lines
     * 17-23); Controller/Standard/Response.php lines 113-138 read {@code status} again on the buyer's return.
     */
    @Test
    void magento2() throws Exception {
        try (WebhookReceiver shopSite = new WebhookReceiver(r -> Answer.of(200))) {
            PhpCurl curl = new PhpCurl(port, "OpenNode Gateway", shop.apiKey());
            String successUrl = magentoSuccessUrl();
            String body = magentoBody(shopSite);
            RawHttp.Answer created = curl.post("/v1/charges", body);
            assertEquals(201, created.status(), created.body());
            JsonNode charge = PhpCurl.data(created);
            String id = charge.get("id").asText();
            assertTrue(charge.get("id").isTextual() && !id.isEmpty(), "Redirect.php line 103: $opennode_order->id");
            // What Till made of it: 12.50 USD at 100000 USD a bitcoin is 12500 sat.
            assertEquals(12_500, charge.get("amount").asLong());
            assertEquals("USD", charge.get("currency").asText());
            assertEquals(0, charge.get("fiat_value").decimalValue().compareTo(new java.math.BigDecimal("12.50")));
            assertEquals(successUrl, charge.get("success_url").asText());

            Map<String, String> callback = payAndReceive(charge, shopSite);
            assertEquals(hashedOrder(shop.apiKey(), callback.get("id")), callback.get("hashed_order"), "Webhook.php line 167");
            assertEquals(id, callback.get("id"));
            JsonNode read = PhpCurl.data(curl.get("/v1/charge/" + callback.get("id")));
            assertEquals("000000042", read.get("order_id").asText(), "Webhook.php line 116: the order to update");
            assertEquals("paid", read.get("status").asText(), "Webhook.php line 122: OPENNODE_ORDER_STATUS_PAID");
        }
    }

    /** Webhook.php line 134: an order left unpaid past the charge's ttl (OpenNode's default, 24 hours) is expired. */
    @Test
    void magento2ExpiredOrder() throws Exception {
        try (WebhookReceiver shopSite = new WebhookReceiver(r -> Answer.of(200))) {
            PhpCurl curl = new PhpCurl(port, "OpenNode Gateway", shop.apiKey());
            JsonNode charge = PhpCurl.data(curl.post("/v1/charges", magentoBody(shopSite)));
            clock.advance(Duration.ofHours(24).plusSeconds(1));
            Map<String, String> callback = form(shopSite.next(Duration.ofSeconds(10)));
            assertEquals("expired", callback.get("status"));
            assertEquals(charge.get("id").asText(), callback.get("id"));
            assertEquals(hashedOrder(shop.apiKey(), callback.get("id")), callback.get("hashed_order"));
            JsonNode read = PhpCurl.data(curl.get("/v1/charge/" + callback.get("id")));
            assertEquals("expired", read.get("status").asText(), "Webhook.php line 134: OPENNODE_ORDER_STATUS_EXPIRED");
            assertEquals("000000042", read.get("order_id").asText());
        }
    }

    /**
     * PrestaShop. controllers/front/redirect.php line 49 rounds the cart total to 2 decimals, lines 121-128 write it as
     * a string with 8 decimals, lines 66-87 create the charge (order_id the cart id, a number; auto_settle true; the
     * description "quantity × name" joined; user agent "OpenNode - Prestashop v" and the shop's version) and lines
     * 92-93 read its {@code id}; vendor/opennode/lib/OpenNode.php lines 59-78 send it. controllers/front/callback.php
     * line 40 reads the form's {@code order_id} as the cart id, line 54 checks {@code hashed_order}, line 68 reads the
     * charge back, line 77 compares its {@code order_id} with the cart id (loosely, != in PHP) and lines 85-106 map
     * its {@code status} (paid, pending, underpaid, processing, canceled, refunded).
     */
    @Test
    void prestaShop() throws Exception {
        try (WebhookReceiver shopSite = new WebhookReceiver(r -> Answer.of(200))) {
            PhpCurl curl = new PhpCurl(port, "OpenNode - Prestashop v1.7.8.11", shop.apiKey());
            String body = prestaShopBody(shopSite);
            RawHttp.Answer created = curl.post("/v1/charges", body);
            assertEquals(201, created.status(), created.body());
            JsonNode charge = PhpCurl.data(created);
            assertTrue(charge.get("id").isTextual(), "redirect.php line 93: $order->id");
            // 12.50 EUR at 90000 EUR a bitcoin: 13888.9 sat, rounded half up to whole satoshis.
            assertEquals(13_889, charge.get("amount").asLong());
            assertEquals("EUR", charge.get("currency").asText());
            assertEquals("1 × Mug, 2 × T-shirt", charge.get("description").asText());
            assertEquals("7", charge.get("order_id").asText());

            Map<String, String> callback = payAndReceive(charge, shopSite);
            assertEquals(7, Integer.parseInt(callback.get("order_id")), "callback.php line 40: (int) order_id, the cart");
            assertEquals(hashedOrder(shop.apiKey(), callback.get("id")), callback.get("hashed_order"), "callback.php line 54");
            JsonNode read = PhpCurl.data(curl.get("/v1/charge/" + callback.get("id")));
            assertEquals("7", read.get("order_id").asText(), "callback.php line 77: 7 != \"7\" is false in PHP");
            assertEquals("paid", read.get("status").asText(), "callback.php line 86: PS_OS_PAYMENT");
        }
    }

    /**
     * callback.php lines 95-96 and 86: paid on-chain, the order is "Awaiting 1 confirmation" while the transaction is in
     * the mempool ({@code processing}), then paid once mined.
     */
    @Test
    void prestaShopPaidOnChain() throws Exception {
        try (WebhookReceiver shopSite = new WebhookReceiver(r -> Answer.of(200))) {
            PhpCurl curl = new PhpCurl(port, "OpenNode - Prestashop v1.7.8.11", shop.apiKey());
            JsonNode charge = PhpCurl.data(curl.post("/v1/charges", prestaShopBody(shopSite)));
            String send = "{\"address\": \"" + charge.get("address").asText() + "\", \"amountSat\": "
                    + charge.get("amount").asLong() + "}";
            assertEquals(200, server.post("/simulator/onchain/send", send, null).status());
            Map<String, String> seen = form(shopSite.next(Duration.ofSeconds(15)));
            assertEquals("processing", seen.get("status"));
            assertEquals(7, Integer.parseInt(seen.get("order_id")));
            assertEquals(hashedOrder(shop.apiKey(), seen.get("id")), seen.get("hashed_order"));
            assertEquals("processing", PhpCurl.data(curl.get("/v1/charge/" + seen.get("id"))).get("status").asText(),
                    "callback.php line 95: OPENNODE_CONFIRMING");
            assertEquals(200, server.post("/simulator/onchain/mine", "{\"blocks\": 1}", null).status());
            Map<String, String> mined = form(shopSite.next(Duration.ofSeconds(15)));
            assertEquals("paid", mined.get("status"));
            assertEquals("paid", PhpCurl.data(curl.get("/v1/charge/" + mined.get("id"))).get("status").asText());
        }
    }

    /**
     * OpenCart 3. catalog/controller/extension/payment/opennode.php lines 22-48 create the charge (order_id and amount
     * as MySQL gives them, strings: the total is a DECIMAL(15,4), "12.5000"; auto_settle true; the URLs from
     * $this->url->link(route, true), which appends "&amp;1"; user agent "Opennode - OpenCart v" VERSION " Extension v"
     * 3.1.0) and lines 50-56 read its {@code id}; system/library/opennode/opennode/lib/OpenNode.php lines 59-78 send it.
     * The callback (lines 84-120) reads the form's {@code order_id}, {@code id} and {@code hashed_order}, checks the
     * signature, reads the charge back by the id it stored and maps its {@code status} (paid, processing).
     */
    @Test
    void openCart() throws Exception {
        try (WebhookReceiver shopSite = new WebhookReceiver(r -> Answer.of(200))) {
            PhpCurl curl = new PhpCurl(port, "Opennode - OpenCart v3.0.3.8 Extension v3.1.0", shop.apiKey());
            String callbackUrl = shopSite.url("/index.php?route=extension/payment/opennode/callback&amp;1");
            String body = "{\"order_id\":\"12\",\"amount\":\"12.5000\",\"currency\":\"GBP\",\"auto_settle\":true,"
                    + "\"callback_url\":\"" + slashes(callbackUrl) + "\","
                    + "\"success_url\":\"" + slashes("http://shop.example/index.php?route=extension/payment/opennode/success&amp;1")
                    + "\",\"description\":\"1 \\u00d7 iPhone\",\"name\":\"Jane Doe\",\"email\":\"jane@example.com\"}";
            RawHttp.Answer created = curl.post("/v1/charges", body);
            assertEquals(201, created.status(), created.body());
            JsonNode charge = PhpCurl.data(created);
            String id = charge.get("id").asText();
            assertTrue(charge.get("id").isTextual(), "opennode.php line 52: $charge->id");
            assertEquals(15_625, charge.get("amount").asLong(), "12.50 GBP at 80000 GBP a bitcoin");
            assertEquals("GBP", charge.get("currency").asText());
            assertEquals(callbackUrl, charge.get("callback_url").asText());

            Map<String, String> callback = payAndReceive(charge, shopSite);
            assertEquals("12", callback.get("order_id"), "opennode.php line 86");
            assertEquals(id, callback.get("id"), "opennode.php line 87");
            assertEquals(hashedOrder(shop.apiKey(), callback.get("id")), callback.get("hashed_order"), "opennode.php line 93");
            assertEquals("paid", PhpCurl.data(curl.get("/v1/charge/" + id)).get("status").asText(), "opennode.php line 108");
        }
    }

    /** The plugins' own admin check, OpenNode::testConnection (GET /auth/test), is not part of their checkout: unused. */
    @Test
    void aRequestWithAnotherShopsKeyGetsNoDataAndThePluginsThrow() {
        PhpCurl stranger = new PhpCurl(port, "OpenNode Gateway", "not-a-key");
        RawHttp.Answer refused = stranger.post("/v1/charges", "{\"amount\":12.5,\"currency\":\"USD\"}");
        assertEquals(401, refused.status());
        assertTrue(refused.json().get("data") == null, "OpenNode.php line 87: no data, the library throws");
        assertNotEquals(null, refused.json().get("message"));
    }

    /** The simulated payer pays the charge's bolt11; the shop's site gets OpenNode's form callback, read as PHP's $_POST. */
    private static Map<String, String> payAndReceive(JsonNode charge, WebhookReceiver shopSite) throws Exception {
        String hash = Bolt11.decode(charge.get("lightning_invoice").get("payreq").asText()).paymentHash();
        assertEquals("paid", server.pay(hash).text("status"));
        Map<String, String> fields = form(shopSite.next(Duration.ofSeconds(10)));
        assertEquals("paid", fields.get("status"));
        return fields;
    }

    /** The callback as PHP reads it into $_POST (and $_REQUEST): only from a form-encoded body. */
    private static Map<String, String> form(WebhookReceiver.Received received) {
        assertTrue(received.header("Content-Type").startsWith("application/x-www-form-urlencoded"));
        return OpenNodeCallbacks.form(received.body());
    }

    /** Redirect.php lines 91-100 as json_encode writes them, the callback pointed at the shop's site here. */
    private static String magentoBody(WebhookReceiver shopSite) {
        return "{\"order_id\":\"000000042\",\"description\":\"000000042\",\"amount\":12.5,\"currency\":\"USD\","
                + "\"callback_url\":\"" + slashes(shopSite.url("/opennodepayment/standard/webhook/")) + "\","
                + "\"success_url\":\"" + slashes(magentoSuccessUrl()) + "\",\"customer_name\":\"Jane\","
                + "\"customer_email\":\"jane@example.com\"}";
    }

    /** Helper/Data.php lines 123-128: the order's increment id and the API key, each base64, in the query. */
    private static String magentoSuccessUrl() {
        return "https://shop.example/opennodepayment/standard/response/?order_id=MDAwMDAwMDQy&api_key="
                + URLEncoder.encode(Base64.getEncoder().encodeToString(shop.apiKey().getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    /** redirect.php lines 77-87 as json_encode writes them (× as \\u00d7), for cart 7 of 12.50 EUR. */
    private static String prestaShopBody(WebhookReceiver shopSite) {
        return "{\"order_id\":7,\"amount\":\"12.50000000\",\"currency\":\"EUR\",\"auto_settle\":true,"
                + "\"callback_url\":\"" + slashes(shopSite.url("/module/opennode/callback")) + "\","
                + "\"success_url\":\"" + slashes("https://shop.example/index.php?controller=order-confirmation&id_cart=7"
                + "&id_module=31&key=0123456789abcdef0123456789abcdef") + "\","
                + "\"description\":\"1 \\u00d7 Mug, 2 \\u00d7 T-shirt\",\"name\":\"Jane Doe\",\"email\":\"jane@example.com\"}";
    }

    /** json_encode escapes every slash (no JSON_UNESCAPED_SLASHES in the library). */
    private static String slashes(String url) {
        return url.replace("/", "\\/");
    }
}
