package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.Await;
import till.MovableClock;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.fiat.RateProviderStub;

/**
 * {@code GET /v1/rates} and {@code GET /v1/currencies} over real HTTP, in OpenNode's shapes (as its clients read
 * them: opennode-node's {@code listRates}/{@code listCurrencies} return {@code data}, a map of pairs such as
 * {@code BTCUSD: {USD: price}} and a list of codes), from each kind of rate source: the simulated node's, the
 * shop's fixed prices, and a live provider on 127.0.0.1.
 */
class OpenNodeRatesTest {

    static TestTill start(Map<String, String> env) {
        return TestTill.start(TestTill.tempDir(), env);
    }

    static JsonNode json(String text) {
        try {
            return till.TillClient.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theSimulatedNodesRatesInOpenNodesShape() {
        try (TestTill till = start(Map.of())) {
            Shop shop = till.createShop(0);
            Response rates = till.get("/v1/rates", shop.apiKey());
            assertEquals(200, rates.status(), rates.body());
            assertEquals(json("{\"data\": {\"BTCCAD\": {\"CAD\": 140000}, \"BTCCHF\": {\"CHF\": 90000},"
                    + " \"BTCEUR\": {\"EUR\": 90000}, \"BTCGBP\": {\"GBP\": 80000}, \"BTCJPY\": {\"JPY\": 15000000},"
                    + " \"BTCUSD\": {\"USD\": 100000}}}"), rates.json());
            Response currencies = till.get("/v1/currencies", shop.apiKey());
            assertEquals(200, currencies.status(), currencies.body());
            assertEquals(json("{\"data\": [\"CAD\", \"CHF\", \"EUR\", \"GBP\", \"JPY\", \"USD\"]}"), currencies.json());
        }
    }

    @Test
    void anAccountsKeyIsNeededAndErrorsAreInOpenNodesShape() {
        try (TestTill till = start(Map.of())) {
            for (String path : new String[] {"/v1/rates", "/v1/currencies"}) {
                Response anonymous = till.get(path, null);
                assertEquals(401, anonymous.status(), anonymous.body());
                assertFalse(anonymous.json().path("success").asBoolean(true));
                assertFalse(anonymous.json().path("message").asText().isEmpty(), anonymous.body());
                assertEquals(401, till.get(path, "not-a-key").status());
            }
        }
    }

    @Test
    void theShopsFixedPricesAreServedAsSetDecimalsIncluded() {
        try (TestTill till = start(Map.of("TILL_RATES_SOURCE", "fixed:USD=91234.56,EUR=80000"))) {
            Shop shop = till.createShop(0);
            Response rates = till.get("/v1/rates", shop.apiKey());
            assertEquals("{\"data\":{\"BTCEUR\":{\"EUR\":80000},\"BTCUSD\":{\"USD\":91234.56}}}", rates.body());
            assertEquals("{\"data\":[\"EUR\",\"USD\"]}", till.get("/v1/currencies", shop.apiKey()).body());
        }
    }

    @Test
    void aLiveSourceIsContactedOnlyOnceRatesAreAskedForAndItsPricesServedExactly() {
        try (RateProviderStub provider = RateProviderStub.coinbase().price("USD", "91234.565").price("SEK", "1000000");
             TestTill till = start(provider.env())) {
            Shop shop = till.createShop(0);
            till.post("/v1/charges", "{\"amount\": 1000}", shop.apiKey());
            assertEquals(0, provider.requests(), "Till started, and a charge in sats: no request to the provider");
            Response rates = till.get("/v1/rates", shop.apiKey());
            assertEquals("{\"data\":{\"BTCEUR\":{\"EUR\":90000},\"BTCSEK\":{\"SEK\":1000000},\"BTCUSD\":{\"USD\":91234.565}}}",
                    rates.body());
            assertEquals("{\"data\":[\"EUR\",\"SEK\",\"USD\"]}", till.get("/v1/currencies", shop.apiKey()).body());
            assertEquals(1, provider.requests(), "cached: one fetch for both");
            JsonNode health = till.get("/health", TestTill.ADMIN_KEY).json().path("rates");
            assertEquals("coinbase", health.path("source").asText(), health.toString());
            assertEquals("Coinbase (127.0.0.1)", health.path("provider").asText());
            assertTrue(health.path("fresh").asBoolean());
            assertTrue(health.path("lastError").isNull());
        }
    }

    @Test
    void noFreshRatesIs503RatesUnavailableNeverAGuess() {
        MovableClock clock = new MovableClock();
        try (RateProviderStub provider = RateProviderStub.coinbase().down()) {
            Map<String, String> env = new HashMap<>(provider.env());
            env.put("TILL_RATES_MAX_AGE", "600");
            env.put("TILL_RATES_REFRESH", "1");
            try (TestTill till = TestTill.start(TestTill.tempDir(), env, clock)) {
                Shop shop = till.createShop(0);
                for (String path : new String[] {"/v1/rates", "/v1/currencies"}) {
                    Response refused = till.get(path, shop.apiKey());
                    assertEquals(503, refused.status(), refused.body());
                    assertEquals("rates_unavailable", refused.text("code"));
                    assertFalse(refused.json().path("success").asBoolean(true));
                    assertTrue(refused.text("message").contains("try again shortly"), refused.body());
                    assertFalse(refused.body().contains(provider.url()), "the provider's URL stays in Till's log");
                }
                provider.up();
                Await.until("rates once the provider answers", Duration.ofSeconds(15),
                        () -> till.get("/v1/rates", shop.apiKey()).status() == 200);
                provider.down();
                clock.advance(Duration.ofMinutes(11));
                Response stale = till.get("/v1/rates", shop.apiKey());
                assertEquals(503, stale.status(), stale.body());
                assertEquals("rates_unavailable", stale.text("code"));
                assertTrue(stale.text("message").contains("older than 10 minutes"), stale.body());
                assertEquals(200, till.get("/v1/currencies", shop.apiKey()).status(), "what it prices, fresh or not");
                Await.until("the operator sees the failed fetches", Duration.ofSeconds(15), () -> till.get("/health",
                        TestTill.ADMIN_KEY).json().path("rates").path("lastError").asText().contains("HTTP 503"));
                assertFalse(till.get("/health", TestTill.ADMIN_KEY).json().path("rates").path("fresh").asBoolean(true));
            }
        }
    }
}
