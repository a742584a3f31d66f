package till.fiat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;

/** ISO 4217, as the JDK keeps it: which codes are currencies, and how many minor units (decimals) each has. */
public final class Currencies {
    private Currencies() {}

    /** The ISO 4217 code in upper case, if {@code code} is one (any case); empty otherwise. */
    public static Optional<String> iso(String code) {
        if (code == null || !code.matches("[A-Za-z]{3}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Currency.getInstance(code.toUpperCase(Locale.ROOT)).getCurrencyCode());
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /**
     * The ISO 4217 code in upper case if {@code code} is money a shop prices in: a currency with minor units, so not
     * gold (XAU), special drawing rights (XDR) or the test code (XTS), which rate sources also list.
     */
    public static Optional<String> fiat(String code) {
        return iso(code).filter(c -> Currency.getInstance(c).getDefaultFractionDigits() >= 0);
    }

    /** The currency's minor units: 2 for USD, 0 for JPY, 3 for KWD. */
    public static int minorUnits(String currency) {
        return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    }

    /** True when {@code amount} has no more decimals than the currency has (trailing zeros aside): 4.50 USD, not 4.505. */
    public static boolean fitsMinorUnits(String currency, BigDecimal amount) {
        return amount.stripTrailingZeros().scale() <= minorUnits(currency);
    }

    /** The amount at the currency's scale, rounded half up where it had more decimals (OpenNode's lenient clients). */
    public static BigDecimal inMinorUnits(String currency, BigDecimal amount) {
        return amount.setScale(minorUnits(currency), RoundingMode.HALF_UP);
    }
}
