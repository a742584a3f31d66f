package till.fiat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import till.json.Json;

/**
 * Each rate source's answer, as its provider documents it, read into prices. The fixtures (src/test/resources/till/fiat)
 * follow the documented examples: Coinbase's "Get Exchange Rates" (docs.cdp.coinbase.com, track-apis/exchange-rates:
 * {@code data.currency}, {@code data.rates} of decimal strings; here with coins and gold, which Coinbase lists too),
 * Kraken's "Get Ticker Information" (docs.kraken.com/rest, {@code error}, {@code result} by pair, {@code c} = last
 * trade), CoinGecko's "Coin Price by IDs" ({@code /simple/price}: {@code {"bitcoin": {"usd": 67187.3358936566}}}) and
 * mempool.space's "GET Price" ({@code /api/v1/prices}: {@code time} and seven currencies, whole numbers).
 */
class RateSourcesTest {

    static JsonNode fixture(String name) {
        try (InputStream in = RateSourcesTest.class.getResourceAsStream("/till/fiat/" + name)) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Map<String, BigDecimal> decimals(String... codeThenPrice) {
        Map<String, BigDecimal> map = new TreeMap<>();
        for (int i = 0; i < codeThenPrice.length; i += 2) {
            map.put(codeThenPrice[i], new BigDecimal(codeThenPrice[i + 1]));
        }
        return map;
    }

    @Test
    void coinbaseGivesEveryFiatCurrencyOfItsAnswerExactlyAndLeavesCoinsAndGoldOut() {
        Map<String, BigDecimal> prices = RateProvider.COINBASE.prices(fixture("coinbase.json"));
        assertEquals(decimals("AED", "335123.57", "ARS", "88765432.1", "CHF", "73012.4", "EUR", "78543.21",
                "JPY", "13654321", "USD", "91234.565"), prices);
        assertEquals(3, prices.get("USD").scale(), "read from the text, not through a double");
    }

    @Test
    void krakenGivesTheLastTradeOfEachPairWhateverKrakenNamesIt() {
        assertEquals(decimals("USD", "30303.20000", "EUR", "27815.10000", "CHF", "26890.5"),
                RateProvider.KRAKEN.prices(fixture("kraken.json")));
    }

    @Test
    void krakensErrorsAreAFailedAnswer() throws IOException {
        JsonNode answer = Json.mapper().readTree("{\"error\": [\"EQuery:Unknown asset pair\"], \"result\": {}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RateProvider.KRAKEN.prices(answer));
        assertTrue(e.getMessage().contains("EQuery:Unknown asset pair"), e.getMessage());
    }

    @Test
    void coingeckoGivesItsLowerCaseCurrenciesInUpperCaseAndKeepsEveryDecimal() {
        Map<String, BigDecimal> prices = RateProvider.COINGECKO.prices(fixture("coingecko.json"));
        assertEquals(decimals("USD", "67187.3358936566", "EUR", "61789.12", "JPY", "10123456"), prices);
    }

    @Test
    void mempoolGivesItsSevenCurrenciesAndNotItsTime() {
        assertEquals(decimals("USD", "43753", "EUR", "40545", "GBP", "37528", "CAD", "58001", "CHF", "37636",
                "AUD", "64750", "JPY", "6264242"), RateProvider.MEMPOOL.prices(fixture("mempool.json")));
    }

    @Test
    void anAnswerInAnotherFormatOrWithoutAnyUsablePriceIsRefused() throws IOException {
        for (RateProvider provider : RateProvider.values()) {
            for (String answer : new String[] {"{}", "[]", "{\"data\": {\"rates\": {\"USD\": \"-5\", \"EUR\": \"abc\"}}}",
                    "{\"bitcoin\": {\"usd\": 0}}", "{\"USD\": null, \"EUR\": \"1e5\"}"}) {
                JsonNode node = Json.mapper().readTree(answer);
                assertThrows(IllegalArgumentException.class, () -> provider.prices(node), provider + " " + answer);
            }
        }
        // Another provider's format is no price either: Coinbase's answer read as CoinGecko's.
        assertThrows(IllegalArgumentException.class, () -> RateProvider.COINGECKO.prices(fixture("coinbase.json")));
    }

    @Test
    void aBadPriceIsLeftOutAndTheOthersKept() throws IOException {
        JsonNode answer = Json.mapper().readTree("{\"time\": 1, \"USD\": 43753, \"EUR\": -1, \"GBP\": \"x\", \"CHF\": 0}");
        assertEquals(decimals("USD", "43753"), RateProvider.MEMPOOL.prices(answer));
    }

    @Test
    void everySourceIsNamedAndHasAnHttpsUrl() {
        for (RateProvider provider : RateProvider.values()) {
            assertEquals(provider, RateProvider.named(provider.id().toUpperCase()).orElseThrow());
            assertTrue(provider.defaultUrl().startsWith("https://"), provider.defaultUrl());
        }
        assertEquals(RateProvider.COINBASE, RateProvider.DEFAULT);
    }

    @Test
    void theStubAnswersInEachProvidersFormat() {
        for (RateProvider provider : RateProvider.values()) {
            try (RateProviderStub stub = new RateProviderStub(provider).price("USD", "91234.56").price("EUR", "80000")) {
                RateFetcher fetcher = new RateFetcher(provider, stub.url(), "Till/test");
                assertEquals(decimals("USD", "91234.56", "EUR", "80000"), assertDoesNotFail(fetcher), provider.id());
            }
        }
    }

    private static Map<String, BigDecimal> assertDoesNotFail(RateFetcher fetcher) {
        try {
            return fetcher.fetch();
        } catch (RateFetcher.Failed e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
