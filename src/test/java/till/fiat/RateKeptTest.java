package till.fiat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestTill;
import till.TillClient.Shop;

/**
 * A price is converted once, at creation: when the rate source's price moves afterwards, new invoices and charges get
 * the new rate, and those made before keep theirs (amount, rate, what the checkout shows, what the payment credits).
 */
class RateKeptTest {

    @Test
    void invoicesAndChargesKeepTheRateTheyWereMadeAt() {
        try (RateProviderStub provider = RateProviderStub.coinbase()) {
            Map<String, String> env = new HashMap<>(provider.env());
            env.put("TILL_RATES_REFRESH", "1");
            try (TestTill server = TestTill.start(TestTill.tempDir(), env)) {
                Shop shop = server.createShop(0);
                JsonNode oldCharge = charge(server, shop);
                JsonNode oldInvoice = invoice(server, shop);
                assertEquals(12_500, oldCharge.get("amount").asLong(), "12.50 USD at 100000 USD/BTC");
                assertEquals(5_000_000, oldInvoice.get("amountMsat").asLong(), "4.50 EUR at 90000 EUR/BTC");

                provider.price("USD", "125000").price("EUR", "112500");
                Await.until("Till to fetch the new price", Duration.ofSeconds(10), () -> new BigDecimal("125000")
                        .compareTo(server.get("/v1/rates", shop.apiKey()).json().path("data").path("BTCUSD").path("USD").decimalValue()) == 0);

                assertEquals(10_000, charge(server, shop).get("amount").asLong(), "a new charge: 12.50 USD at 125000");
                assertEquals(4_000_000, invoice(server, shop).get("amountMsat").asLong(), "a new invoice: 4.50 EUR at 112500");

                JsonNode keptCharge = server.get("/v1/charge/" + oldCharge.get("id").asText(), shop.apiKey()).json().get("data");
                assertEquals(12_500, keptCharge.get("amount").asLong());
                assertEquals(0, new BigDecimal("100000").compareTo(keptCharge.get("exchange_rate").get("btc_price").decimalValue()));
                JsonNode keptInvoice = server.get("/transaction/" + oldInvoice.get("id").asLong(), shop.apiKey()).json();
                assertEquals(5_000_000, keptInvoice.get("amountMsat").asLong());
                assertEquals("90000", keptInvoice.get("rate").asText());
                assertEquals("4.50", keptInvoice.get("amountFiat").asText());
                String checkout = server.get("/checkout/" + oldCharge.get("id").asText(), null).body();
                assertTrue(checkout.contains("100,000 USD"), "the checkout shows the charge's own rate");

                assertEquals(200, server.pay(oldInvoice.get("invoiceHash").asText()).status());
                assertEquals(5_000_000, server.balance(shop), "the payment credits what the invoice asked at its rate");
            }
        }
    }

    private static JsonNode charge(TestTill server, Shop shop) {
        var created = server.post("/v1/charges", "{\"amount\": \"12.50\", \"currency\": \"USD\"}", shop.apiKey());
        assertEquals(201, created.status(), created.body());
        return created.json().get("data");
    }

    private static JsonNode invoice(TestTill server, Shop shop) {
        var created = server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountFiat\": \"4.50\", \"currency\": \"EUR\"}", null);
        assertEquals(201, created.status(), created.body());
        return created.json();
    }
}
