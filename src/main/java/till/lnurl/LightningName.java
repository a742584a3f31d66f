package till.lnurl;

import java.util.Locale;
import java.util.regex.Pattern;
import till.error.ErrorCode;
import till.error.Problem;

/**
 * The local part of a terminal's Lightning address ({@code cafe} in {@code cafe@pay.example.com}), as LUD-16 allows
 * it: {@code a-z0-9-_.}. Case-insensitive: kept in lower case, so {@code Cafe} and {@code cafe} are one address.
 */
public final class LightningName {
    /** Long enough for any shop's name; short enough to type and to print under a QR code. */
    public static final int MAX_LENGTH = 64;
    private static final Pattern LUD16 = Pattern.compile("[a-z0-9._-]{1," + MAX_LENGTH + "}");

    private LightningName() {}

    /** {@code given} in lower case; null for none (null or empty); 400 for what LUD-16 does not allow. */
    public static String check(String field, String given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        String name = given.toLowerCase(Locale.ROOT);
        if (!LUD16.matcher(name).matches()) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be 1 to " + MAX_LENGTH
                    + " of the letters a-z, digits, '-', '_' and '.' (the part before the @)");
        }
        return name;
    }
}
