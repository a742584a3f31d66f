package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.WebhookReceiver.Answer;
import till.WsClient;
import till.bolt11.Bolt11;

/**
 * Invoices priced in fiat through Till's own API ({@code POST /invoice/add}, its WebSocket) and terminals with a
 * currency, at the simulated node's rates (EUR 90000, JPY 15000000 per bitcoin): converted once, exactly, stored
 * with the rate and shown wherever the transaction is.
 */
class FiatInvoiceTest {
    static TestTill server;
    static Shop shop;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"));
        shop = server.createShop(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response add(String fields) {
        return server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", " + fields + "}", null);
    }

    private static void assertPricedAt(JsonNode json, String currency, String amountFiat, String rate) {
        assertEquals(currency, json.get("currency").asText(), json.toString());
        assertEquals(amountFiat, json.get("amountFiat").asText(), json.toString());
        assertTrue(json.get("amountFiat").isTextual(), "a decimal string, never a float");
        assertEquals(rate, json.get("rate").asText());
        assertTrue(json.get("rate").isTextual());
        assertEquals("simulated", json.get("rateSource").asText());
        assertFalse(Instant.parse(json.get("rateAtUtc").asText()).isAfter(Instant.now()));
    }

    private static void assertError(Response response, int status, String code, String field) {
        assertEquals(status, response.status(), response.body());
        assertEquals(code, response.text("code"), response.body());
        assertEquals(field, response.text("field"), response.body());
    }

    @Test
    void euroAmountsAreConvertedOnceAtTheRateAndTheBolt11AsksForExactlyThat() {
        Response created = add("\"amountFiat\": \"4.50\", \"currency\": \"EUR\"");
        assertEquals(201, created.status(), created.body());
        // 4.50 EUR at 90,000 EUR per bitcoin = 0.00005 BTC = 5,000 sat.
        assertEquals(5_000_000, created.json().get("amountMsat").asLong());
        assertEquals(5_000_000, Bolt11.decode(created.text("bolt11")).amountMsat());
        assertPricedAt(created.json(), "EUR", "4.50", "90000");

        Response number = add("\"amountFiat\": 4.5, \"currency\": \"eur\"");
        assertEquals(201, number.status(), number.body());
        assertEquals(5_000_000, number.json().get("amountMsat").asLong());
        assertPricedAt(number.json(), "EUR", "4.50", "90000");

        // Not a whole number of sats: 0.01 EUR = 11.111... sat, rounded half up to the msat.
        assertEquals(11_111, add("\"amountFiat\": \"0.01\", \"currency\": \"EUR\"").json().get("amountMsat").asLong());
        // No minor units: 1500 JPY at 15,000,000 JPY per bitcoin = 10,000 sat.
        Response yen = add("\"amountFiat\": \"1500\", \"currency\": \"JPY\"");
        assertEquals(10_000_000, yen.json().get("amountMsat").asLong());
        assertPricedAt(yen.json(), "JPY", "1500", "15000000");
    }

    @Test
    void exactlyOneOfAmountMsatAndAmountFiatWithItsCurrency() {
        assertError(add("\"amountMsat\": 5000, \"amountFiat\": \"4.50\", \"currency\": \"EUR\""), 400, "invalid_field", "amountFiat");
        assertError(add("\"amountMsat\": 5000, \"currency\": \"EUR\""), 400, "invalid_field", "currency");
        assertError(add("\"tag\": \"nothing\""), 400, "missing_field", "amountMsat");
        assertError(add("\"amountFiat\": \"4.50\""), 400, "missing_field", "currency");
        assertError(add("\"currency\": \"EUR\""), 400, "missing_field", "amountFiat");
        Response none = add("\"tag\": \"nothing\"");
        assertTrue(none.text("error").contains("amountFiat"), none.body());
    }

    @Test
    void aCurrencyMustBeAnIsoCodeTheRateSourcePrices() {
        Response notIso = add("\"amountFiat\": \"4.50\", \"currency\": \"EURO\"");
        assertError(notIso, 400, "unsupported_currency", "currency");
        assertTrue(notIso.text("error").contains("ISO 4217"), notIso.body());
        assertError(add("\"amountFiat\": \"4.50\", \"currency\": \"XYZ\""), 400, "unsupported_currency", "currency");
        Response unpriced = add("\"amountFiat\": \"4.50\", \"currency\": \"SEK\"");
        assertError(unpriced, 400, "unsupported_currency", "currency");
        assertTrue(unpriced.text("error").contains("EUR"), "names the currencies it has: " + unpriced.body());
        assertError(add("\"amountFiat\": \"4.50\", \"currency\": \"BTC\""), 400, "unsupported_currency", "currency");
    }

    @Test
    void anAmountMustFitTheCurrencyAndTwentyOneMillionBitcoin() {
        assertError(add("\"amountFiat\": \"4.505\", \"currency\": \"EUR\""), 400, "invalid_field", "amountFiat");
        assertError(add("\"amountFiat\": 4.505, \"currency\": \"EUR\""), 400, "invalid_field", "amountFiat");
        assertError(add("\"amountFiat\": \"10.5\", \"currency\": \"JPY\""), 400, "invalid_field", "amountFiat");
        assertEquals(201, add("\"amountFiat\": \"4.500000\", \"currency\": \"EUR\"").status(), "trailing zeros fit");
        // 21 million bitcoin at 90,000 EUR = 1,890,000,000,000 EUR: that much is the most an invoice can ask.
        assertEquals(2_100_000_000_000_000_000L, add("\"amountFiat\": \"1890000000000\", \"currency\": \"EUR\"").json()
                .get("amountMsat").asLong());
        Response tooLarge = add("\"amountFiat\": \"1890000000000.01\", \"currency\": \"EUR\"");
        assertError(tooLarge, 400, "invalid_field", "amountFiat");
        assertTrue(tooLarge.text("error").contains("21 million"), tooLarge.body());
        assertError(add("\"amountFiat\": \"1e3\", \"currency\": \"EUR\""), 400, "invalid_field", "amountFiat");
        assertError(add("\"amountFiat\": \"-4.50\", \"currency\": \"EUR\""), 400, "invalid_field", "amountFiat");
        assertError(add("\"amountFiat\": 0, \"currency\": \"EUR\""), 400, "invalid_field", "amountFiat");
    }

    @Test
    void thePriceIsStoredAndShownInTheTransactionTheListAndTheWebhook() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            Response created = add("\"amountFiat\": \"12.34\", \"currency\": \"EUR\", \"webhookUrl\": \""
                    + receiver.url("/paid") + "\"");
            assertEquals(201, created.status(), created.body());
            long id = TillClient.transactionId(created.json());
            // 12.34 EUR at 90,000 = 13,711.111... sat.
            assertEquals(13_711_111, created.json().get("amountMsat").asLong());

            JsonNode transaction = server.get("/transaction/" + id, shop.apiKey()).json();
            assertPricedAt(transaction, "EUR", "12.34", "90000");
            assertEquals(created.text("rateAtUtc"), transaction.get("rateAtUtc").asText());
            JsonNode listed = server.get("/transactions?bptId=" + shop.bptId(), shop.apiKey()).json().get("data");
            JsonNode inList = null;
            for (JsonNode t : listed) {
                if (t.get("id").asLong() == id) {
                    inList = t;
                }
            }
            assertEquals(transaction, inList);

            assertEquals(200, server.pay(created.text("invoiceHash")).status());
            JsonNode body = TillClient.JSON.readTree(receiver.next(Duration.ofSeconds(10)).body());
            assertPricedAt(body.get("transaction"), "EUR", "12.34", "90000");
            assertEquals(server.get("/transaction/" + id, shop.apiKey()).json(), body.get("transaction"));
        }
    }

    @Test
    void anInvoicePricedInBitcoinHasNoFiatFieldsAnywhere() {
        JsonNode created = server.createInvoice(shop, 7000);
        JsonNode transaction = server.get("/transaction/" + TillClient.transactionId(created), shop.apiKey()).json();
        for (JsonNode json : List.of(created, transaction)) {
            for (String field : List.of("currency", "amountFiat", "rate", "rateSource", "rateAtUtc")) {
                assertFalse(json.has(field), field + " in " + json);
            }
        }
    }

    @Test
    void theInvoiceWebSocketTakesAmountFiatAndCurrencyWithTheSameChecks() throws Exception {
        String base = server.url.replace("http://", "ws://") + "/invoice/add?bpt_id=" + shop.bptId();
        try (WsClient client = new WsClient(base + "&amount_fiat=4.50&currency=EUR")) {
            JsonNode invoice = client.next(Duration.ofSeconds(10));
            assertEquals(5_000_000, invoice.get("amountMsat").asLong(), invoice.toString());
            assertPricedAt(invoice, "EUR", "4.50", "90000");
            server.pay(invoice.get("invoiceHash").asText());
            JsonNode paid = client.next(Duration.ofSeconds(10));
            assertEquals("paid", paid.get("status").asText());
            assertPricedAt(paid, "EUR", "4.50", "90000");
        }
        for (String[] bad : new String[][] {
                {"&amount_fiat=4.505&currency=EUR", "invalid_field"},
                {"&amount_fiat=4.50&currency=SEK", "unsupported_currency"},
                {"&amount_fiat=4.50", "missing_field"},
                {"&amount_fiat=4.50&currency=EUR&amount_msat=5000", "invalid_field"}}) {
            try (WsClient client = new WsClient(base + bad[0])) {
                assertEquals(bad[1], client.next(Duration.ofSeconds(10)).get("code").asText(), bad[0]);
                assertEquals(1008, client.awaitClose(Duration.ofSeconds(10)), bad[0]);
            }
        }
    }

    @Test
    void aTerminalHasAnOptionalCurrencyCheckedAgainstTheRates() {
        String bpts = "/accounts/" + shop.accountId() + "/bpts";
        Response euro = server.post(bpts, "{\"name\": \"Café\", \"currency\": \"eur\"}", shop.apiKey());
        assertEquals(201, euro.status(), euro.body());
        assertEquals("EUR", euro.text("currency"));
        assertTrue(server.get(bpts, shop.apiKey()).json().findValues("currency").stream()
                .anyMatch(c -> c.asText().equals("EUR")));
        Response sats = server.post(bpts, "{\"name\": \"Sats only\"}", shop.apiKey());
        assertTrue(sats.json().get("currency").isNull(), sats.body());
        assertError(server.post(bpts, "{\"name\": \"X\", \"currency\": \"SEK\"}", shop.apiKey()), 400, "unsupported_currency", "currency");
        assertError(server.post(bpts, "{\"name\": \"X\", \"currency\": \"euros\"}", shop.apiKey()), 400, "unsupported_currency", "currency");
        assertEquals(List.of("Café", "Sats only"), server.get(bpts, shop.apiKey()).json().findValues("name").stream()
                .map(JsonNode::asText).filter(n -> !n.equals("Counter")).toList(), "the refused ones were not made");

        JsonNode rate = server.get("/pos/" + euro.text("id") + "/rate", null).json();
        assertEquals("EUR", rate.get("currency").asText());
        assertEquals("90000", rate.get("rate").asText());
        assertEquals("simulated", rate.get("rateSource").asText());
        assertError(server.get("/pos/" + sats.text("id") + "/rate", null), 404, "not_found", "");
        assertEquals("bpt_not_found", server.get("/pos/no-such-terminal/rate", null).text("code"));
    }

    @Test
    void theCheckoutPageShowsTheFiatAmountTheSatsAndTheRate() {
        Response created = add("\"amountFiat\": \"4.50\", \"currency\": \"EUR\"");
        String page = server.get("/checkout/" + created.text("invoiceHash"), null).body();
        String rateTime = created.text("rateAtUtc").substring(0, 10) + " " + created.text("rateAtUtc").substring(11, 16) + " UTC";
        assertTrue(page.contains("<p class=\"amount-fiat\">4.50 EUR · 5,000 sats · 1 BTC = 90,000 EUR (simulated, "
                + rateTime + ")</p>"), page);
        assertTrue(page.contains("<title>Pay 4.50 EUR, 5,000 sats — Counter</title>"), page);
        String inSats = server.get("/checkout/" + server.createInvoice(shop, 5_000_000).get("invoiceHash").asText(), null).body();
        assertTrue(inSats.contains("<p class=\"amount-fiat\"></p>"), inSats);
    }
}
