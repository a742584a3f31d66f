package till.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Set;
import till.error.ErrorCode;
import till.error.Problem;

/**
 * A request's JSON object as {@link Fields}. Till's own API reads it strictly. The OpenNode-compatible routes read it
 * {@linkplain #parseLenient leniently}, as OpenNode does, because its plugins send numbers as strings and back.
 */
final class JsonBody implements Fields {
    private static final Set<String> TRUE = Set.of("true", "1");
    private static final Set<String> FALSE = Set.of("false", "0");

    private final ObjectNode object;
    private final boolean lenient;

    private JsonBody(ObjectNode object, boolean lenient) {
        this.object = object;
        this.lenient = lenient;
    }

    static JsonBody parse(ObjectMapper mapper, String body) {
        return new JsonBody(object(mapper, body), false);
    }

    /**
     * OpenNode's leniency: a number where a string is expected (a numeric {@code order_id}) is its text; a numeric
     * string where a whole number is expected is that number; "true"/"false"/"1"/"0" (as strings or numbers) are
     * booleans; an empty string is an absent field ({@code "callback_url": ""}).
     */
    static JsonBody parseLenient(ObjectMapper mapper, String body) {
        return new JsonBody(object(mapper, body), true);
    }

    private static ObjectNode object(ObjectMapper mapper, String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (Exception e) {
            throw Problem.of(ErrorCode.INVALID_JSON);
        }
        if (!(node instanceof ObjectNode object)) {
            throw Problem.of(ErrorCode.INVALID_JSON, "The request body must be a JSON object");
        }
        return object;
    }

    @Override
    public String optionalString(String field, int maxLength) {
        JsonNode node = get(field);
        if (node == null) {
            return null;
        }
        if (lenient && node.isNumber()) {
            return TextChecks.check(field, node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText(), maxLength);
        }
        if (!node.isTextual()) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be a string");
        }
        return TextChecks.check(field, node.textValue(), maxLength);
    }

    @Override
    public Long optionalLong(String field, long min, long max) {
        JsonNode node = get(field);
        if (node == null) {
            return null;
        }
        if (lenient && node.isTextual()) {
            return new QueryFields(name -> node.textValue()).optionalLong(field, min, max);
        }
        if (!node.isIntegralNumber()) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field,
                    field + " must be a whole number" + (node.isTextual() ? ", not a string" : ""));
        }
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw Fields.outOfRange(field, min, max);
        }
        return node.longValue();
    }

    @Override
    public BigDecimal optionalDecimal(String field) {
        JsonNode node = get(field);
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return Fields.decimalText(field, node.textValue());
        }
        if (!node.isNumber()) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be a decimal amount such as 12.50");
        }
        return Fields.checkDecimal(field, node.decimalValue());
    }

    /**
     * The field as a JSON object, returned as its compact JSON text of at most {@code maxLength} characters (stored and
     * echoed back as the object it is); null when absent.
     */
    String optionalObjectText(String field, int maxLength) {
        JsonNode node = get(field);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be a JSON object");
        }
        String text = node.toString();
        if (text.length() > maxLength) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be at most " + maxLength + " characters as JSON");
        }
        return text;
    }

    @Override
    public Boolean optionalBoolean(String field) {
        JsonNode node = get(field);
        if (node == null) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (lenient && (node.isTextual() || node.isIntegralNumber())) {
            String text = node.asText().trim().toLowerCase();
            if (TRUE.contains(text) || FALSE.contains(text)) {
                return TRUE.contains(text);
            }
        }
        throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be true or false");
    }

    /** Whether the field is there as JSON's null: for a change, "set it back to none", where absent means "keep it". */
    boolean isNull(String field) {
        JsonNode node = raw(field);
        return node != null && node.isNull();
    }

    private JsonNode raw(String field) {
        JsonNode node = object.get(field);
        return node != null ? node : object.get(Fields.snakeCase(field));
    }

    private JsonNode get(String field) {
        JsonNode node = raw(field);
        if (node == null || node.isNull() || lenient && node.isTextual() && node.textValue().isEmpty()) {
            return null;
        }
        return node;
    }
}
