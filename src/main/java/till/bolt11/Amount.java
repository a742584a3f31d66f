package till.bolt11;

import java.math.BigInteger;

/** The amount in an invoice's human-readable part: decimal bitcoin with an optional m/u/n/p multiplier. */
final class Amount {

    /** 21 million bitcoin: nothing larger can be paid, and rejecting it keeps every amount inside a long. */
    static final long MAX_MSAT = 2_100_000_000_000_000_000L;

    /** Multipliers from largest to smallest, so formatting picks the shortest form; pico is handled apart. */
    private static final char[] SUFFIXES = {'m', 'u', 'n'};
    private static final long[] MSAT_PER_UNIT = {100_000_000L, 100_000L, 100L};
    private static final long MSAT_PER_BTC = 100_000_000_000L;

    private Amount() {
    }

    /** Millisatoshi for {@code text}, or null when it is empty (amount left to the payer). */
    static Long parseMsat(String text) {
        if (text.isEmpty()) {
            return null;
        }
        char last = text.charAt(text.length() - 1);
        boolean hasMultiplier = !Character.isDigit(last);
        String digits = hasMultiplier ? text.substring(0, text.length() - 1) : text;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Bolt11Exception("invalid amount '" + text + "': expected digits and an optional multiplier");
        }
        BigInteger value = new BigInteger(digits);
        BigInteger msat;
        if (!hasMultiplier) {
            msat = value.multiply(BigInteger.valueOf(MSAT_PER_BTC));
        } else if (last == 'p') {
            // one pico-bitcoin is a tenth of a millisatoshi
            if (value.mod(BigInteger.TEN).signum() != 0) {
                throw new Bolt11Exception("invalid sub-millisatoshi precision in amount '" + text + "'");
            }
            msat = value.divide(BigInteger.TEN);
        } else {
            int index = new String(SUFFIXES).indexOf(last);
            if (index < 0) {
                throw new Bolt11Exception("invalid amount multiplier '" + last + "' (expected m, u, n or p)");
            }
            msat = value.multiply(BigInteger.valueOf(MSAT_PER_UNIT[index]));
        }
        if (msat.signum() == 0) {
            throw new Bolt11Exception("amount '" + text + "' is zero");
        }
        if (msat.compareTo(BigInteger.valueOf(MAX_MSAT)) > 0) {
            throw new Bolt11Exception("amount '" + text + "' exceeds 21 million bitcoin");
        }
        return msat.longValueExact();
    }

    /** The shortest form: the largest multiplier that keeps the number whole; empty for null. */
    static String format(Long msat) {
        if (msat == null) {
            return "";
        }
        requireValid(msat);
        if (msat % MSAT_PER_BTC == 0) {
            return Long.toString(msat / MSAT_PER_BTC);
        }
        for (int i = 0; i < SUFFIXES.length; i++) {
            if (msat % MSAT_PER_UNIT[i] == 0) {
                return msat / MSAT_PER_UNIT[i] + String.valueOf(SUFFIXES[i]);
            }
        }
        return msat * 10 + "p";
    }

    static void requireValid(long msat) {
        if (msat < 1 || msat > MAX_MSAT) {
            throw new IllegalArgumentException("amount must be 1.." + MAX_MSAT + " msat, got " + msat);
        }
    }
}
