package till.fiat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * What an invoice priced in fiat was priced at: the shop's amount in its currency and the rate it was converted with,
 * once, at creation, stored with the invoice and never converted again.
 */
public record FiatPrice(String currency, BigDecimal amount, BigDecimal btcPrice, String source, Instant rateAt) {
    private static final BigDecimal MSAT_PER_BTC = BigDecimal.valueOf(100_000_000_000L);
    private static final BigDecimal SAT_PER_BTC = BigDecimal.valueOf(100_000_000L);

    /** The amount in millisatoshis, rounded half up: what a Lightning invoice asks. */
    public long msat() {
        return amount.multiply(MSAT_PER_BTC).divide(btcPrice, 0, RoundingMode.HALF_UP).longValueExact();
    }

    /** The amount in whole satoshis, rounded half up: what a charge (payable on-chain too) asks. */
    public long sat() {
        return amount.multiply(SAT_PER_BTC).divide(btcPrice, 0, RoundingMode.HALF_UP).longValueExact();
    }

    /** The amount as the currency writes it: "4.50", "500" (JPY). */
    public String amountText() {
        return Currencies.inMinorUnits(currency, amount).toPlainString();
    }

    /** The rate as a plain decimal string: "91234.56". */
    public String btcPriceText() {
        return btcPrice.stripTrailingZeros().toPlainString();
    }
}
