package till.web;

import java.util.function.Function;
import till.error.ErrorCode;
import till.error.Problem;

/** Query parameters as {@link Fields}: snake_case names as in the IBEXPay WebSocket URL (camelCase accepted too). */
final class QueryFields implements Fields {
    private final Function<String, String> params;

    QueryFields(Function<String, String> params) {
        this.params = params;
    }

    @Override
    public String optionalString(String field, int maxLength) {
        return TextChecks.check(field, get(field), maxLength);
    }

    @Override
    public Long optionalLong(String field, long min, long max) {
        String value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.matches("-?\\d{1,19}")) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be a whole number");
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException tooLarge) {
            // refused below
        }
        throw Fields.outOfRange(field, min, max);
    }

    @Override
    public java.math.BigDecimal optionalDecimal(String field) {
        String value = get(field);
        return value == null ? null : Fields.decimalText(field, value);
    }

    @Override
    public Boolean optionalBoolean(String field) {
        String value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be true or false");
        }
        return Boolean.valueOf(value);
    }

    private String get(String field) {
        String value = params.apply(Fields.snakeCase(field));
        if (value == null) {
            value = params.apply(field);
        }
        return value == null || value.isEmpty() ? null : value;
    }
}
