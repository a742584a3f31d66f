package till.web;

import till.error.ErrorCode;
import till.error.Problem;
import till.net.HttpUrls;

/**
 * Named request fields (a JSON body or query parameters), read with one-line checks that refuse bad input
 * with a precise message and the field's name. A field is found under its camelCase name or its snake_case
 * spelling.
 */
interface Fields {
    int MAX_URL_LENGTH = 2048;
    int MAX_DECIMAL_DIGITS = 15;
    java.util.regex.Pattern DECIMAL_TEXT = java.util.regex.Pattern.compile("\\d{1,30}(\\.\\d{1,30})?");

    /** The field as a string of at most {@code maxLength} UTF-16 units, no control characters; null when absent. */
    String optionalString(String field, int maxLength);

    /** The field as a whole number in [min, max]; null when absent. Strings, fractions and overflow are refused. */
    Long optionalLong(String field, long min, long max);

    /**
     * The field as a positive decimal amount (a JSON number, or a string of digits with an optional fraction, as
     * "12.50"), at most {@link #MAX_DECIMAL_DIGITS} digits before the point; null when absent.
     */
    java.math.BigDecimal optionalDecimal(String field);

    /** The field as true or false; null when absent. */
    Boolean optionalBoolean(String field);

    default String requiredString(String field, int maxLength) {
        String value = optionalString(field, maxLength);
        if (value == null || value.isBlank()) {
            throw Problem.at(ErrorCode.MISSING_FIELD, field, field + " is required");
        }
        return value;
    }

    default long requiredLong(String field, long min, long max) {
        Long value = optionalLong(field, min, max);
        if (value == null) {
            throw Problem.at(ErrorCode.MISSING_FIELD, field, field + " is required");
        }
        return value;
    }

    /** An http(s) URL exactly as Till's HTTP client will read it ({@link HttpUrls}); null when absent. */
    default String optionalHttpUrl(String field) {
        String value = optionalString(field, MAX_URL_LENGTH);
        if (value == null) {
            return null;
        }
        if (HttpUrls.isHttpUrl(value)) {
            return value;
        }
        throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be an http:// or https:// URL with a host");
    }

    /** A decimal read from the request, if positive and not too large. */
    static java.math.BigDecimal checkDecimal(String field, java.math.BigDecimal value) {
        if (value.signum() <= 0 || value.precision() - value.scale() > MAX_DECIMAL_DIGITS) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be a positive amount below 10^" + MAX_DECIMAL_DIGITS);
        }
        return value;
    }

    /** A decimal written as text ("12.50"), or a refusal naming the field. */
    static java.math.BigDecimal decimalText(String field, String text) {
        if (!DECIMAL_TEXT.matcher(text).matches()) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be a decimal amount such as 12.50");
        }
        return checkDecimal(field, new java.math.BigDecimal(text));
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase();
    }

    static Problem outOfRange(String field, long min, long max) {
        return Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be a whole number from " + min + " to " + max);
    }
}
