package till.page;

import java.util.Locale;

/** Millisatoshi amounts as people read them: whole sats with thousands separators, decimals only when needed. */
final class Amounts {
    private Amounts() {}

    /** {@code 1234000} → "1,234"; {@code 1500} → "1.5". Locale.ROOT: the same on every server. */
    static String sats(long msat) {
        String whole = String.format(Locale.ROOT, "%,d", msat / 1000);
        long rest = msat % 1000;
        return rest == 0 ? whole : whole + "." + String.format(Locale.ROOT, "%03d", rest).replaceAll("0+$", "");
    }

    /** The exact amount in msat when it is not a whole number of sats, else empty. */
    static String msatDetail(long msat) {
        return msat % 1000 == 0 ? "" : String.format(Locale.ROOT, "%,d msat", msat);
    }
}
