package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.OpenNodeCallbacks;
import till.RawHttp;
import till.TestAddresses;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.bolt11.Bolt11;

/**
 * OpenNode's WooCommerce plugin, v1.5.6 (github.com/opennodedev/opennode-for-woocommerce, commit a5416f2 "1.5.6 ready
 * for release"), replayed against Till: the requests exactly as its curl client writes them, every field it reads of
 * the answers, its "Checkout URL" setting pointed at Till's {@code /checkout/}, and its callback handler's checks.
 * Line numbers below are of that commit.
 */
class WooCommercePluginTest {
    /** opennode.php:302, with the WooCommerce version the plugin was tested up to (opennode.php:13). */
    static final String USER_AGENT = "OpenNode - WooCommerce v8.5.2 Plugin v1.5.6";
    /** The shop's WordPress order id: an integer (opennode.php:184, $order->get_id()). */
    static final int ORDER_ID = 123;

    static TestTill server;
    static TillClient simulator;
    static Shop shop;
    /** The shop's WordPress, as far as the callback goes: the plugin's handler answers at {@code /?wc-api=...}. */
    static WebhookReceiver wordpress;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true",
                "TILL_WEBHOOK_RETRY_SCHEDULE", "200ms"));
        simulator = new TillClient(server.till.simNode().baseUrl());
        shop = server.createShop(10_000);
        wordpress = new WebhookReceiver(r -> WebhookReceiver.Answer.of(200));
    }

    @AfterAll
    static void stop() {
        wordpress.close();
        server.close();
    }

    /**
     * The order's body as opennode.php:183-193 builds it and OpenNode.php:69 encodes it: PHP's json_encode, which
     * escapes every "/" and every non-ASCII character; order_id an integer, price number_format(total, 8) (a string;
     * for a BTC shop the total times 10^8), fiat get_woocommerce_currency(), callback_url trailingslashit(wpurl) .
     * '?wc-api=wc_gateway_opennode', success_url the order-received page.
     */
    static String orderBody(int orderId, String price, String fiat, String callbackUrl) {
        return "{\"order_id\":" + orderId + ",\"price\":\"" + price + "\",\"fiat\":\"" + fiat + "\",\"callback_url\":\""
                + callbackUrl.replace("/", "\\/") + "\",\"success_url\":\"https:\\/\\/shop.example\\/checkout\\/order-received\\/"
                + orderId + "\\/?key=wc_order_Ab12Cd34\",\"description\":\"WooCommerce - #" + orderId
                + "\",\"name\":\"Jos\\u00e9 M\\u00fcller\",\"email\":\"jose@example.com\"}";
    }

    static String callbackUrl() {
        return wordpress.url("/") + "?wc-api=wc_gateway_opennode";
    }

    /**
     * OpenNode::request (lib/opennode/lib/OpenNode.php:37-86) as curl sends it: the key bare in Authorization (:58),
     * Content-Type only on a POST (:67), the plugin's user agent (:74); the answer's {@code data}, else an exception.
     */
    static RawHttp.Answer request(String method, String path, String body, String key) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.till.port()
                + "\r\nUser-Agent: " + USER_AGENT + "\r\nAccept: */*\r\nAuthorization: " + key + "\r\n");
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = RawHttp.connect("127.0.0.1", server.till.port())) {
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return readAnswer(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One answer on a kept-alive connection (curl does not ask to close it): its head, then its Content-Length. */
    static RawHttp.Answer readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed within the head: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        assertTrue(headers.containsKey("content-length"), "a sized answer: " + headers);
        String body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        return new RawHttp.Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    /** \OpenNode\Merchant\Order::create (lib/opennode/lib/Merchant/Order.php:53-58): POST /orders. */
    static JsonNode createOrder(String body) {
        RawHttp.Answer answer = request("POST", "/orders", body, shop.apiKey());
        assertEquals(201, answer.status(), answer.body());
        assertTrue(answer.json().has("data"), "OpenNode.php:80 takes the answer's data");
        return answer.json().get("data");
    }

    /** \OpenNode\Merchant\Order::find (Order.php:37-42): GET /checkouts/status/{id}, its data. */
    static JsonNode findOrder(String id) {
        RawHttp.Answer answer = request("GET", "/checkouts/status/" + id, null, shop.apiKey());
        assertEquals(200, answer.status(), answer.body());
        return answer.json().get("data");
    }

    /**
     * payment_callback (opennode.php:211-286) for the next callback of the charge {@code openNodeId} (the plugin's
     * stored opennode_order_id): order_id names the WooCommerce order, hashed_order is hash_hmac over that id with the
     * API key (:237), and the status is read back with Order::find($request['id']) (:242). Answers what it read.
     */
    static JsonNode pluginHandlesCallback(String openNodeId, String expectedStatus) throws Exception {
        Map<String, String> request;
        do {
            WebhookReceiver.Received received = wordpress.next(Duration.ofSeconds(15));
            assertEquals("/", received.path());
            assertEquals("wc-api=wc_gateway_opennode", received.query(), "WordPress routes the callback by its query");
            assertTrue(received.header("Content-Type").startsWith("application/x-www-form-urlencoded"),
                    "PHP fills $_REQUEST from a form body");
            // wp_unslash($_REQUEST) of the callback's form body (opennode.php:214-217)
            request = OpenNodeCallbacks.form(received.body());
        } while (!openNodeId.equals(request.get("id")) || !expectedStatus.equals(request.get("status")));
        assertEquals(Integer.toString(ORDER_ID), request.get("order_id"), "wc_get_order($request['order_id']), :223");
        assertEquals(0, OpenNodeCallbacks.hashedOrder(shop.apiKey(), openNodeId).compareTo(request.get("hashed_order")),
                "strcmp(hash_hmac('sha256', $token, api_auth_token), $request['hashed_order']) == 0, :237");
        JsonNode order = findOrder(request.get("id"));
        assertEquals(expectedStatus, order.get("status").asText(), "switch ($cgOrder->status), :248");
        return order;
    }

    @Test
    void anOrderInDollarsIsAChargeTheBuyerPaysAtTheCheckoutBaseAndThePluginVerifiesItsCallback() throws Exception {
        JsonNode order = createOrder(orderBody(ORDER_ID, "12.50000000", "USD", callbackUrl()));
        String id = order.get("id").asText();
        assertTrue(id.matches("[0-9a-f-]{36}"), "$opennode_order->id, opennode.php:195: " + id);
        // 12.50 USD at the simulated 100000 USD per bitcoin.
        assertEquals(12_500, order.get("amount").asLong());
        assertEquals("unpaid", order.get("status").asText());
        assertEquals("123", order.get("order_id").asText());
        assertEquals("WooCommerce - #123", order.get("description").asText());
        assertEquals(callbackUrl(), order.get("callback_url").asText());
        assertEquals("https://shop.example/checkout/order-received/123/?key=wc_order_Ab12Cd34", order.get("success_url").asText());

        // The redirect: $this->checkout_url . $opennode_order_id (opennode.php:200), the setting being Till's /checkout/.
        String checkoutBase = server.url + "/checkout/";
        Response page = server.get((checkoutBase + id).substring(server.url.length()), null);
        assertEquals(200, page.status());
        String payreq = order.get("lightning_invoice").get("payreq").asText();
        assertTrue(page.body().contains(payreq), "the charge's invoice");
        assertTrue(page.body().contains("WooCommerce - #123"));
        assertTrue(page.body().contains("href=\"https://shop.example/checkout/order-received/123/?key=wc_order_Ab12Cd34\""),
                "back to the order-received page once paid");

        String hash = Bolt11.decode(payreq).paymentHash();
        assertEquals("paid", server.pay(hash).text("status"));
        JsonNode paid = pluginHandlesCallback(id, "paid");
        assertEquals(id, paid.get("id").asText());
        assertEquals(12_500, paid.get("amount").asLong());
    }

    @Test
    void aShopPricedInBitcoinSendsSatoshis() {
        // opennode.php:185: number_format($order->get_total()*100000000, 8, '.', '') for a 0.0015 BTC order.
        JsonNode order = createOrder(orderBody(124, "150000.00000000", "BTC", callbackUrl()));
        assertEquals(150_000, order.get("amount").asLong());
        assertEquals(150_000_000L, Bolt11.decode(order.get("lightning_invoice").get("payreq").asText()).amountMsat());
    }

    @Test
    void underpaidOnChainThePluginReadsWhatIsMissingAndOnceRefundedTheRefundsId() throws Exception {
        JsonNode order = createOrder(orderBody(ORDER_ID, "50.00000000", "USD", callbackUrl()));
        String id = order.get("id").asText();
        assertEquals(50_000, order.get("amount").asLong());
        assertEquals(200, simulator.post("/simulator/onchain/send", "{\"address\": \"" + order.get("address").asText()
                + "\", \"amountSat\": 20000}", null).status());
        assertEquals(200, simulator.post("/simulator/onchain/mine", "{\"blocks\": 1}", null).status());

        JsonNode underpaid = pluginHandlesCallback(id, "underpaid");
        // number_format($cgOrder->missing_amt/100000000, 8, '.', '') (opennode.php:270): satoshis.
        assertEquals(new BigDecimal("0.00030000"), new BigDecimal(underpaid.get("missing_amt").asLong()).movePointLeft(8).setScale(8));
        Await.until("the output confirmed, so the node may refund it", Duration.ofSeconds(15), () -> findOrder(id)
                .get("transactions").get(0).get("status").asText().equals("confirmed"));

        Response refund = server.post("/v1/refunds", "{\"checkout_id\": \"" + id + "\", \"address\": \""
                + TestAddresses.regtest(3) + "\"}", shop.apiKey());
        assertEquals(201, refund.status(), refund.body());
        JsonNode refunded = pluginHandlesCallback(id, "refunded");
        // $cgOrder->refund['id'] (opennode.php:278).
        assertEquals(refund.json().get("data").get("id").asText(), refunded.get("refund").get("id").asText());
    }

    @Test
    void badOrdersGetOpenNodeShapedErrorsAndChangeNothing() {
        // Every charge is an invoice of the account (GET /v1/charges lists only the paid ones).
        int before = server.get("/transactions?limit=500", shop.apiKey()).json().get("data").size();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"order_id\":9,\"fiat\":\"USD\"}", "missing_field");
        refused.put("{\"order_id\":9,\"price\":\"\",\"fiat\":\"USD\"}", "missing_field");
        refused.put("{\"order_id\":9,\"price\":\"12.50000000\"}", "missing_field");
        refused.put("{\"order_id\":9,\"price\":\"twelve\",\"fiat\":\"USD\"}", "invalid_field");
        refused.put("{\"order_id\":9,\"price\":\"0.00000000\",\"fiat\":\"USD\"}", "invalid_field");
        refused.put("{\"order_id\":9,\"price\":\"-5\",\"fiat\":\"USD\"}", "invalid_field");
        refused.put("{\"order_id\":9,\"price\":\"0.4\",\"fiat\":\"BTC\"}", "invalid_field");
        refused.put("{\"order_id\":9,\"price\":\"12.50000000\",\"fiat\":\"DOLLARS\"}", "unsupported_currency");
        refused.put("{\"order_id\":9,\"price\":\"12.50000000\",\"fiat\":\"ZZZ\"}", "unsupported_currency");
        refused.put("{\"order_id\":9,\"price\":\"12.50000000\",\"fiat\":\"XAU\"}", "unsupported_currency");
        refused.put("{\"order_id\":9,\"price\":\"12.50000000\",\"fiat\":\"USD\",\"callback_url\":\"not a url\"}", "invalid_field");
        refused.put("[\"price\", \"12.50\"]", "invalid_json");
        refused.forEach((body, code) -> {
            RawHttp.Answer answer = request("POST", "/orders", body, shop.apiKey());
            assertEquals(400, answer.status(), body + " -> " + answer.body());
            assertOpenNodeError(answer, code);
        });

        RawHttp.Answer unknown = request("GET", "/checkouts/status/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", null, shop.apiKey());
        assertEquals(404, unknown.status());
        assertOpenNodeError(unknown, "not_found");
        String foreign = createOrder(orderBody(125, "1.00000000", "EUR", callbackUrl())).get("id").asText();
        RawHttp.Answer otherShop = request("GET", "/checkouts/status/" + foreign, null, server.createShop(0).apiKey());
        assertEquals(404, otherShop.status(), "another account's charge is not found");
        assertOpenNodeError(request("POST", "/orders", orderBody(9, "1.00", "USD", callbackUrl()), TestTill.ADMIN_KEY), "forbidden");
        assertOpenNodeError(request("POST", "/orders", orderBody(9, "1.00", "USD", callbackUrl()), "no-such-key"), "unauthorized");
        assertEquals(before + 1, server.get("/transactions?limit=500", shop.apiKey()).json().get("data").size(), "only the good order");
    }

    /** What Exception::throwException (lib/opennode/lib/Exception.php) formats: message (and error) of the body. */
    static void assertOpenNodeError(RawHttp.Answer answer, String code) {
        JsonNode json = answer.json();
        assertFalse(json.get("success").asBoolean(), answer.body());
        assertFalse(json.get("message").asText().isBlank(), answer.body());
        assertEquals(code, json.get("code").asText(), answer.body());
    }

    @Test
    void theCheckoutByChargeIdIsTheInvoicesPageWithOpenNodesOptions() {
        JsonNode order = createOrder(orderBody(126, "4.50000000", "EUR", callbackUrl()));
        String id = order.get("id").asText();
        String hash = Bolt11.decode(order.get("lightning_invoice").get("payreq").asText()).paymentHash();
        Response byHash = server.get("/checkout/" + hash, null);
        Response byId = server.get("/checkout/" + id, null);
        assertEquals(200, byId.status());
        assertEquals(byHash.body(), byId.body(), "the same page");
        assertTrue(byId.body().contains("<div class=\"ways\" data-way=\"unified\">"), "opens on the unified QR code");

        Response lightningFirst = server.get("/checkout/" + id + "?ln=1", null);
        assertEquals(200, lightningFirst.status());
        assertTrue(lightningFirst.body().contains("<div class=\"ways\" data-way=\"lightning\">"), "?ln=1 opens on Lightning");
        assertEquals(byId.body().replace("<div class=\"ways\" data-way=\"unified\">", "<div class=\"ways\" data-way=\"lightning\">"),
                lightningFirst.body(),
                "and changes nothing else");

        Response hideFiat = server.get("/checkout/" + id + "?hf=1", null);
        assertEquals(200, hideFiat.status());
        assertTrue(hideFiat.body().contains(order.get("lightning_invoice").get("payreq").asText()));
        assertFalse(hideFiat.body().contains("EUR") || hideFiat.body().contains("4.50"), "?hf=1: no fiat amount");
        assertEquals(200, server.get("/checkout/" + id + "?ln=0&hf=yes&other=1", null).status(), "other values are ignored");

        Response unknown = server.get("/checkout/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b?ln=1", null);
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("Invoice not found"));
    }
}
