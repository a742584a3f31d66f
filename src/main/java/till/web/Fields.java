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

    /** The field as a string of at most {@code maxLength} UTF-16 units, no control characters; null when absent. */
    String optionalString(String field, int maxLength);

    /** The field as a whole number in [min, max]; null when absent. Strings, fractions and overflow are refused. */
    Long optionalLong(String field, long min, long max);

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

    static String snakeCase(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase();
    }

    static Problem outOfRange(String field, long min, long max) {
        return Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be a whole number from " + min + " to " + max);
    }
}
