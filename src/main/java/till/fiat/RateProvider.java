package till.fiat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The public rate sources Till can fetch from ({@code TILL_RATES_SOURCE}), each with its documented URL and answer.
 * Each reads the price of one bitcoin in every fiat currency its answer has; what is not ISO 4217 fiat (other coins,
 * gold) and what is not a positive decimal is left out. Values are read from the JSON text as decimals, never doubles.
 */
public enum RateProvider {
    /**
     * Coinbase's exchange rates, {@code GET /v2/exchange-rates?currency=BTC}: {@code {"data": {"currency": "BTC",
     * "rates": {"USD": "91234.56", ...}}}}, decimal strings, every fiat currency Coinbase lists in one answer.
     */
    COINBASE("coinbase", "Coinbase", "https://api.coinbase.com/v2/exchange-rates?currency=BTC") {
        @Override
        void read(JsonNode answer, BiConsumer<String, JsonNode> price) {
            answer.path("data").path("rates").fields().forEachRemaining(e -> price.accept(e.getKey(), e.getValue()));
        }
    },
    /**
     * Kraken's public ticker, {@code GET /0/public/Ticker?pair=XBTUSD,...}: {@code {"error": [], "result":
     * {"XXBTZUSD": {"c": ["91234.50000", "0.0012"], ...}}}}; {@code c} is the last trade (price, volume). Kraken
     * names its pairs its own way (XXBTZUSD, XBTCHF): the currency is the name's last three letters.
     */
    KRAKEN("kraken", "Kraken", "https://api.kraken.com/0/public/Ticker?pair=XBTUSD,XBTEUR,XBTGBP,XBTCHF,XBTJPY,XBTCAD,XBTAUD") {
        @Override
        void read(JsonNode answer, BiConsumer<String, JsonNode> price) {
            if (answer.path("error").size() > 0) {
                throw new IllegalArgumentException("Kraken answered errors: " + answer.path("error"));
            }
            answer.path("result").fields().forEachRemaining(e -> {
                String pair = e.getKey();
                if (pair.startsWith("XBT") || pair.startsWith("XXBT")) {
                    price.accept(pair.substring(pair.length() - 3), e.getValue().path("c").path(0));
                }
            });
        }
    },
    /**
     * CoinGecko's simple price, {@code GET /api/v3/simple/price?ids=bitcoin&vs_currencies=usd,...}:
     * {@code {"bitcoin": {"usd": 91234.56, ...}}}, numbers, currency codes in lower case.
     */
    COINGECKO("coingecko", "CoinGecko", "https://api.coingecko.com/api/v3/simple/price?ids=bitcoin&vs_currencies="
            + "usd,eur,gbp,chf,jpy,cad,aud,nzd,sek,nok,dkk,pln,czk,huf,brl,mxn,ars,clp,inr,zar,ngn,krw,sgd,hkd,try") {
        @Override
        void read(JsonNode answer, BiConsumer<String, JsonNode> price) {
            answer.path("bitcoin").fields().forEachRemaining(e -> price.accept(e.getKey(), e.getValue()));
        }
    },
    /**
     * mempool.space's price, {@code GET /api/v1/prices}: {@code {"time": 1703252411, "USD": 43753, "EUR": 40545,
     * ...}}, whole numbers, seven currencies. Self-hosted mempool instances (Umbrel, Start9, ...) answer the same.
     */
    MEMPOOL("mempool", "mempool.space", "https://mempool.space/api/v1/prices") {
        @Override
        void read(JsonNode answer, BiConsumer<String, JsonNode> price) {
            answer.fields().forEachRemaining(e -> price.accept(e.getKey(), e.getValue()));
        }
    };

    /** The source Till uses with a real node when TILL_RATES_SOURCE is unset: one answer, every fiat currency. */
    public static final RateProvider DEFAULT = COINBASE;

    private final String id;
    private final String title;
    private final String defaultUrl;

    RateProvider(String id, String title, String defaultUrl) {
        this.id = id;
        this.title = title;
        this.defaultUrl = defaultUrl;
    }

    /** The name TILL_RATES_SOURCE takes, and the {@code source} of the rates it gives. */
    public String id() {
        return id;
    }

    /** The provider's name, for people. */
    public String title() {
        return title;
    }

    public String defaultUrl() {
        return defaultUrl;
    }

    public static Optional<RateProvider> named(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equalsIgnoreCase(id)).findFirst();
    }

    /** Hands each (code, value) pair of the answer to {@code price}; throws IllegalArgumentException when it says it failed. */
    abstract void read(JsonNode answer, BiConsumer<String, JsonNode> price);

    /**
     * The price of one bitcoin by ISO 4217 code, from the provider's answer; throws IllegalArgumentException when the
     * answer has no usable price at all (a changed or broken format).
     */
    public Map<String, BigDecimal> prices(JsonNode answer) {
        Map<String, BigDecimal> prices = new TreeMap<>();
        read(answer, (code, value) -> Currencies.fiat(code.toUpperCase(Locale.ROOT))
                .ifPresent(currency -> decimal(value).ifPresent(p -> prices.put(currency, p))));
        if (prices.isEmpty()) {
            throw new IllegalArgumentException("no price in " + title + "'s answer");
        }
        return prices;
    }

    /** A positive decimal from a JSON number or a decimal string; empty for anything else. */
    private static Optional<BigDecimal> decimal(JsonNode value) {
        BigDecimal parsed = null;
        if (value.isNumber()) {
            parsed = value.decimalValue();
        } else if (value.isTextual() && value.asText().matches("[0-9]{1,20}(\\.[0-9]{1,20})?")) {
            parsed = new BigDecimal(value.asText());
        }
        return Optional.ofNullable(parsed).filter(p -> p.signum() > 0);
    }
}
