package till.page;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import till.fiat.FiatPrice;

/**
 * Amounts as people read them: millisatoshis as whole sats with thousands separators, decimals only when needed;
 * a fiat price with the sats it came to and the rate used.
 */
public final class Amounts {
    private static final DateTimeFormatter RATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Amounts() {}

    /** {@code 1234000} → "1,234"; {@code 1500} → "1.5". Locale.ROOT: the same on every server. */
    public static String sats(long msat) {
        String whole = String.format(Locale.ROOT, "%,d", msat / 1000);
        long rest = msat % 1000;
        return rest == 0 ? whole : whole + "." + String.format(Locale.ROOT, "%03d", rest).replaceAll("0+$", "");
    }

    /** The exact amount in msat when it is not a whole number of sats, else empty. */
    public static String msatDetail(long msat) {
        return msat % 1000 == 0 ? "" : String.format(Locale.ROOT, "%,d msat", msat);
    }

    /** "90000" → "90,000"; "1234.5" → "1,234.5": thousands separators, the decimals as given. */
    static String decimal(BigDecimal value) {
        String plain = value.toPlainString();
        int point = plain.indexOf('.');
        String whole = String.format(Locale.ROOT, "%,d", new java.math.BigInteger(point < 0 ? plain : plain.substring(0, point)));
        return point < 0 ? whole : whole + plain.substring(point);
    }

    /** "4.50 EUR · 5,000 sats · 1 BTC = 90,000 EUR (simulated, 2026-11-30 01:52 UTC)"; the page script writes the same. */
    public static String fiat(FiatPrice price, long msat) {
        return decimal(new BigDecimal(price.amountText())) + " " + price.currency() + " · " + sats(msat) + " sats · 1 BTC = "
                + decimal(new BigDecimal(price.btcPriceText())) + " " + price.currency() + " (" + price.source() + ", "
                + RATE_TIME.format(price.rateAt()) + ")";
    }
}
