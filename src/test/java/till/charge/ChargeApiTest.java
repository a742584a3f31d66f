package till.charge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static till.OpenNodeCallbacks.form;
import static till.OpenNodeCallbacks.hashedOrder;
import static till.TillClient.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.MovableClock;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.WebhookReceiver.Answer;
import till.bolt11.Bolt11;
import till.bolt11.Bolt11Invoice;

/** The OpenNode-compatible charges API: request and response shapes, signed form callbacks, expiry. */
class ChargeApiTest {
    static final MovableClock clock = new MovableClock();
    static TestTill server;
    static Shop shop;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true",
                "TILL_WEBHOOK_RETRY_SCHEDULE", "200ms"), clock);
        shop = server.createShop(10_000);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private JsonNode createCharge(String callbackUrl, int ttl) {
        Response created = server.post("/v1/charges", "{\"amount\": 1500, \"description\": \"Order #42 at the shop\", "
                + "\"order_id\": \"42\", \"callback_url\": \"" + callbackUrl + "\", \"success_url\": \"https://shop.example/thanks\", "
                + "\"ttl\": " + ttl + ", \"auto_settle\": false}", shop.apiKey());
        assertEquals(201, created.status(), created.body());
        return created.json().get("data");
    }

    @Test
    void aChargeHasOpenNodesShapeAndItsBolt11MatchesTheTtl() {
        JsonNode charge = createCharge("https://shop.example/callback", 60);
        assertEquals(1500, charge.get("amount").asLong());
        assertEquals("unpaid", charge.get("status").asText());
        assertEquals("Order #42 at the shop", charge.get("description").asText());
        assertEquals("42", charge.get("order_id").asText());
        assertEquals("https://shop.example/callback", charge.get("callback_url").asText());
        assertEquals("https://shop.example/thanks", charge.get("success_url").asText());
        assertFalse(charge.get("auto_settle").asBoolean());
        assertEquals(60, charge.get("ttl").asInt());
        assertTrue(charge.get("created_at").isIntegralNumber());
        assertEquals("BTC", charge.get("currency").asText());
        assertEquals(1500, charge.get("source_fiat_value").asLong(), "priced in satoshis, as OpenNode shows it");
        assertTrue(charge.get("fiat_value").isNull(), "no fiat value is ever invented");
        assertTrue(charge.get("exchange_rate").isNull());
        assertEquals(JSON.createObjectNode(), charge.get("metadata"));
        assertTrue(charge.get("notif_email").isNull());

        String payreq = charge.get("lightning_invoice").get("payreq").asText();
        Bolt11Invoice bolt11 = Bolt11.decode(payreq);
        assertEquals(1_500_000L, bolt11.amountMsat());
        assertEquals(3600, bolt11.expirySeconds());
        assertEquals("Order #42 at the shop", bolt11.description());
        assertEquals(bolt11.timestamp() + 3600, charge.get("lightning_invoice").get("expires_at").asLong());
        assertEquals(server.url + "/checkout/" + bolt11.paymentHash(), charge.get("hosted_checkout_url").asText());
        // The simulated node's wallet gives the charge an address: BIP21 with the Lightning fallback.
        String address = charge.get("address").asText();
        assertEquals(address, charge.get("chain_invoice").get("address").asText());
        assertEquals("bitcoin:" + address + "?amount=0.000015&label=Order%20%2342%20at%20the%20shop&lightning=" + payreq,
                charge.get("uri").asText());

        JsonNode read = server.get("/v1/charge/" + charge.get("id").asText(), shop.apiKey()).json().get("data");
        assertEquals(charge, read);
    }

    @Test
    void theHostedCheckoutShowsTheChargeAndLinksBackToTheShop() {
        JsonNode charge = createCharge("https://shop.example/callback", 60);
        String url = charge.get("hosted_checkout_url").asText();
        Response page = server.get(url.substring(server.url.length()), null);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("Order #42 at the shop"), "the charge's description");
        assertTrue(page.body().contains("<a class=\"button primary when-paid\" href=\"https://shop.example/thanks\">Return to shop</a>"),
                "a Return to shop link, shown once paid");
        assertTrue(page.body().contains(charge.get("lightning_invoice").get("payreq").asText()));

        JsonNode plain = server.createInvoice(shop, 1000);
        assertFalse(server.get("/checkout/" + plain.get("invoiceHash").asText(), null).body().contains("Return to shop"),
                "only charges with a success_url have one");
    }

    @Test
    void payingSendsOneSignedFormCallbackAndCreditsTheLedger() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            long before = server.get("/accounts/" + shop.accountId(), shop.apiKey()).json().get("balanceMsat").asLong();
            JsonNode charge = createCharge(receiver.url("/opennode"), 1440);
            String hash = Bolt11.decode(charge.get("lightning_invoice").get("payreq").asText()).paymentHash();
            assertEquals("paid", server.pay(hash).text("status"));

            WebhookReceiver.Received callback = receiver.next(Duration.ofSeconds(10));
            assertTrue(callback.header("Content-Type").startsWith("application/x-www-form-urlencoded"));
            Map<String, String> fields = form(callback.body());
            assertEquals(Set.of("id", "callback_url", "success_url", "status", "order_id", "description", "price", "fee",
                    "auto_settle", "currency", "source_fiat_value", "address", "hashed_order"), fields.keySet());
            String id = charge.get("id").asText();
            assertEquals(hashedOrder(shop.apiKey(), id), fields.get("hashed_order"));
            assertEquals(id, fields.get("id"));
            assertEquals("paid", fields.get("status"));
            assertEquals(receiver.url("/opennode"), fields.get("callback_url"));
            assertEquals("https://shop.example/thanks", fields.get("success_url"));
            assertEquals("42", fields.get("order_id"));
            assertEquals("Order #42 at the shop", fields.get("description"));
            assertEquals("1500", fields.get("price"));
            assertEquals("15", fields.get("fee"), "1% of 1500 sat, Till's processing fee");
            assertEquals("0", fields.get("auto_settle"));
            assertEquals("BTC", fields.get("currency"));
            assertEquals("1500", fields.get("source_fiat_value"));

            assertEquals("paid", server.get("/v1/charge/" + id, shop.apiKey()).json().get("data").get("status").asText());
            assertEquals(before + 1_485_000, server.get("/accounts/" + shop.accountId(), shop.apiKey()).json().get("balanceMsat").asLong());
            JsonNode transaction = server.get("/invoice/from-hash/" + hash, shop.apiKey()).json();
            assertEquals("paid", transaction.get("status").asText());
            assertTrue(transaction.get("bptId").isNull(), "a charge is made without a terminal");
            Await.until("the callback logged as delivered", Duration.ofSeconds(10), () -> server.get("/transaction/"
                    + transaction.get("id").asText() + "/webhooks", shop.apiKey()).json().get("data").get(0).get("status").asText().equals("delivered"));
            assertEquals(1, receiver.all.size(), "exactly one callback");
        }
    }

    @Test
    void anUnpaidChargePastItsTtlSendsAnExpiredCallback() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            JsonNode charge = createCharge(receiver.url("/expiry"), 1);
            clock.advance(Duration.ofSeconds(61));
            Map<String, String> fields = form(receiver.next(Duration.ofSeconds(10)).body());
            assertEquals("expired", fields.get("status"));
            assertEquals(charge.get("id").asText(), fields.get("id"));
            assertEquals("0", fields.get("fee"));
            assertEquals(hashedOrder(shop.apiKey(), fields.get("id")), fields.get("hashed_order"));
            assertEquals("expired", server.get("/v1/charge/" + charge.get("id").asText(), shop.apiKey()).json()
                    .get("data").get("status").asText());
        }
    }

    @Test
    void theCallbackIsRetriedAfterAReceiverFailure() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(calls.incrementAndGet() == 1 ? 503 : 200))) {
            JsonNode charge = createCharge(receiver.url("/flaky"), 1440);
            server.pay(Bolt11.decode(charge.get("lightning_invoice").get("payreq").asText()).paymentHash());
            WebhookReceiver.Received first = receiver.next(Duration.ofSeconds(10));
            WebhookReceiver.Received second = receiver.next(Duration.ofSeconds(10));
            assertEquals(first.body(), second.body());
            assertEquals(first.header("webhook-id"), second.header("webhook-id"));
            assertEquals("paid", form(second.body()).get("status"));
        }
    }

    @Test
    void aChargePricedInFiatIsConvertedOnceAndReadAsOpenNodesPluginsSendIt() throws Exception {
        // OpenNode's leniency: a numeric string amount in a lower-case currency, a numeric order_id, auto_settle as a
        // string, "" for the URLs (absent), and the charge's metadata and notif_email.
        Response created = server.post("/v1/charges", "{\"amount\": \"12.50000000\", \"currency\": \"usd\", "
                + "\"order_id\": 42, \"auto_settle\": \"1\", \"callback_url\": \"\", \"success_url\": \"\", "
                + "\"metadata\": {\"invoice_id\": \"A-1\", \"lines\": [1, 2.5], \"gift\": true}, "
                + "\"notif_email\": \"buyer@example.com\"}", shop.apiKey());
        assertEquals(201, created.status(), created.body());
        assertTrue(created.body().contains("\"source_fiat_value\":12.50,\"fiat_value\":12.50,"), "at the currency's minor units");
        JsonNode charge = created.json().get("data");
        assertEquals(12_500, charge.get("amount").asLong(), "12.50 USD at the simulated 100000 USD a bitcoin");
        assertEquals("USD", charge.get("currency").asText());
        assertAmount("12.50", charge.get("source_fiat_value"));
        assertAmount("12.50", charge.get("fiat_value"));
        JsonNode rate = charge.get("exchange_rate");
        assertEquals("USD", rate.get("currency").asText());
        assertEquals(100_000, rate.get("btc_price").asLong());
        assertEquals("simulated", rate.get("source").asText());
        assertEquals("42", charge.get("order_id").asText());
        assertEquals("Order 42", charge.get("description").asText(), "a string, what the payer's wallet shows");
        assertTrue(charge.get("auto_settle").asBoolean());
        assertTrue(charge.get("callback_url").isNull());
        assertTrue(charge.get("success_url").isNull());
        assertEquals(JSON.readTree("{\"invoice_id\": \"A-1\", \"lines\": [1, 2.5], \"gift\": true}"), charge.get("metadata"));
        assertEquals("buyer@example.com", charge.get("notif_email").asText());
        assertEquals(12_500_000L, Bolt11.decode(charge.get("lightning_invoice").get("payreq").asText()).amountMsat());
        assertEquals(charge, server.get("/v1/charge/" + charge.get("id").asText(), shop.apiKey()).json().get("data"));

        // Rounded half up to the currency's minor units: 500.5 JPY is 501 yen, 3340 sat at 15000000 JPY a bitcoin.
        JsonNode yen = server.post("/v1/charges", "{\"amount\": 500.5, \"currency\": \"JPY\"}", shop.apiKey()).json().get("data");
        assertAmount("501", yen.get("fiat_value"));
        assertEquals(3340, yen.get("amount").asLong());
        // Satoshis may come as a string, whole even with decimals, as PrestaShop's BTC path writes them.
        assertEquals(1500, server.post("/v1/charges", "{\"amount\": \"1500.00000000\", \"currency\": \"BTC\"}",
                shop.apiKey()).json().get("data").get("amount").asLong());
    }

    @Test
    void aFiatChargesCallbackCarriesItsFiatValue() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            JsonNode charge = server.post("/v1/charges", "{\"amount\": 9, \"currency\": \"EUR\", \"callback_url\": \""
                    + receiver.url("/fiat") + "\"}", shop.apiKey()).json().get("data");
            server.pay(Bolt11.decode(charge.get("lightning_invoice").get("payreq").asText()).paymentHash());
            Map<String, String> fields = form(receiver.next(Duration.ofSeconds(10)).body());
            assertEquals("EUR", fields.get("currency"));
            assertEquals("9.00", fields.get("source_fiat_value"));
            assertEquals("9.00", fields.get("fiat_value"));
            assertEquals("10000", fields.get("price"), "9 EUR at 90000 EUR a bitcoin");
        }
    }

    @Test
    void theChargeListHasThePaidChargesNewestFirstAPageAtATime() {
        Shop lister = server.createShop(0);
        String[] paid = new String[3];
        for (int i = 0; i < 5; i++) {
            JsonNode charge = server.post("/v1/charges", "{\"amount\": " + (100 + i) + "}", lister.apiKey()).json().get("data");
            if (i % 2 == 0) {
                server.pay(Bolt11.decode(charge.get("lightning_invoice").get("payreq").asText()).paymentHash());
                paid[2 - i / 2] = charge.get("id").asText();
            }
        }
        server.createInvoice(lister, 1000); // a terminal's invoice, paid below, is no charge
        server.fund(lister, 2000);
        assertEquals(List.of(paid), ids(server.get("/v1/charges", lister.apiKey())));
        assertEquals(List.of(paid[1]), ids(server.get("/v1/charges?page=2&page_size=1", lister.apiKey())));
        assertEquals(List.of(paid[2]), ids(server.get("/v1/charges?page=2&pageSize=2", lister.apiKey())));
        assertEquals(List.of(), ids(server.get("/v1/charges?page=3&page_size=2", lister.apiKey())));
        JsonNode first = server.get("/v1/charges", lister.apiKey()).json().get("data").get(0);
        assertEquals("paid", first.get("status").asText());
        assertEquals(104, first.get("amount").asLong());
        for (String bad : new String[] {"page=0", "page_size=501", "page=x"}) {
            Response refused = server.get("/v1/charges?" + bad, lister.apiKey());
            assertEquals(400, refused.status(), bad);
            assertFalse(refused.json().get("success").asBoolean());
        }
    }

    /** A JSON number's value (the test's mapper reads it as a double: 12.50 and 12.5 are the same amount). */
    private static void assertAmount(String expected, JsonNode amount, String... why) {
        assertEquals(0, new BigDecimal(expected).compareTo(amount.decimalValue()), expected + " vs " + amount + " " + String.join("", why));
    }

    private static List<String> ids(Response listed) {
        assertEquals(200, listed.status(), listed.body());
        List<String> ids = new ArrayList<>();
        listed.json().get("data").forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    @Test
    void theV2ChargeHasOpenNodesV2Shape() {
        JsonNode charge = server.post("/v1/charges", "{\"amount\": \"4.13\", \"currency\": \"USD\", \"order_id\": \"21\", "
                + "\"metadata\": {\"k\": \"v\"}}", shop.apiKey()).json().get("data");
        String id = charge.get("id").asText();
        String hash = Bolt11.decode(charge.get("lightning_invoice").get("payreq").asText()).paymentHash();
        JsonNode unpaid = server.get("/v2/charge/" + id, shop.apiKey()).json().get("data");
        assertEquals(id, unpaid.get("id").asText());
        assertEquals(4130, unpaid.get("price").asLong(), "4.13 USD at 100000 USD a bitcoin");
        assertEquals("unpaid", unpaid.get("status").asText());
        assertEquals("unpaid", unpaid.get("lightning").get("status").asText());
        assertEquals(id, unpaid.get("lightning").get("checkout_id").asText());
        assertEquals(charge.get("lightning_invoice").get("payreq").asText(), unpaid.get("lightning").get("payreq").asText());
        assertTrue(unpaid.get("created_at").asText().endsWith("Z"), "ISO-8601 times in v2");
        assertTrue(unpaid.get("payment_method").isNull());
        assertEquals("v", unpaid.get("metadata").get("k").asText());

        server.pay(hash);
        JsonNode paid = server.get("/v2/charge/" + id, shop.apiKey()).json().get("data");
        assertEquals("paid", paid.get("status").asText());
        assertEquals("paid", paid.get("lightning").get("status").asText());
        assertEquals("lightning", paid.get("payment_method").asText());
        assertEquals(41, paid.get("fee").asLong(), "1% of 4130 sat");
        assertAmount("4.13", paid.get("fiat_value"));
        assertAmount("4.09", paid.get("net_fiat_value"), "4.13 less 1%");
        assertFalse(paid.get("settled_at").isNull());
        Response foreign = server.get("/v2/charge/" + id, server.createShop(0).apiKey());
        assertEquals(404, foreign.status());
        assertFalse(foreign.json().get("success").asBoolean());
    }

    @Test
    void anotherAccountCannotReadItAndBadRequestsGetOpenNodeStyleErrors() {
        JsonNode charge = createCharge("https://shop.example/cb", 30);
        Shop other = server.createShop(0);
        Response foreign = server.get("/v1/charge/" + charge.get("id").asText(), other.apiKey());
        assertEquals(404, foreign.status());
        assertFalse(foreign.json().get("success").asBoolean());
        server.get("/v1/charges", other.apiKey()).json().get("data")
                .forEach(c -> assertFalse(c.get("id").asText().equals(charge.get("id").asText())));
        assertEquals(200, server.get("/v1/charge/" + charge.get("id").asText(), TestTill.ADMIN_KEY).status());

        Response admin = server.post("/v1/charges", "{\"amount\": 100}", TestTill.ADMIN_KEY);
        assertEquals(403, admin.status());
        for (String bad : new String[] {"{\"amount\": \"1.5\"}", "{\"amount\": 0}", "{}", "{\"amount\": 100, \"ttl\": 20000}",
                "{\"amount\": 100, \"currency\": \"XYZ\"}", "{\"amount\": 100, \"currency\": \"SEK\"}",
                "{\"amount\": \"0.004\", \"currency\": \"USD\"}", "{\"amount\": \"12,50\", \"currency\": \"USD\"}",
                "{\"amount\": 100, \"metadata\": \"order 42\"}", "{\"amount\": 100, \"metadata\": [1]}",
                "{\"amount\": 100, \"metadata\": {\"note\": \"" + "x".repeat(4000) + "\"}}",
                "{\"amount\": 100, \"notif_email\": \"nobody\"}", "{\"amount\": 100, \"auto_settle\": \"yes\"}",
                "{\"amount\": 100, \"callback_url\": \"http://127.0.0.1:1/x\"}".replace("127.0.0.1", "localhost:notaport")}) {
            Response refused = server.post("/v1/charges", bad, shop.apiKey());
            assertEquals(400, refused.status(), bad + " -> " + refused.body());
            assertFalse(refused.json().get("success").asBoolean());
            assertTrue(refused.json().hasNonNull("message"));
        }
        assertEquals(401, server.post("/v1/charges", "{\"amount\": 100}", "wrong").status());
    }
}
