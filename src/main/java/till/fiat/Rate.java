package till.fiat;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The price of one bitcoin in a currency ({@code btcPrice}, e.g. 91234.56 USD), as {@code source} gave it at {@code at}.
 */
public record Rate(String currency, BigDecimal btcPrice, Instant at, String source) {
    public Rate {
        if (btcPrice.signum() <= 0) {
            throw new IllegalArgumentException("a bitcoin price must be positive: " + currency + " " + btcPrice);
        }
    }

    /** A fiat amount at this rate, converted now and for good. */
    public FiatPrice price(BigDecimal amount) {
        return new FiatPrice(currency, Currencies.inMinorUnits(currency, amount), btcPrice, source, at);
    }
}
