package till.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import till.error.ErrorCode;
import till.error.Problem;

/** A request's JSON object as {@link Fields}. */
final class JsonBody implements Fields {
    private final ObjectNode object;

    private JsonBody(ObjectNode object) {
        this.object = object;
    }

    static JsonBody parse(ObjectMapper mapper, String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (Exception e) {
            throw Problem.of(ErrorCode.INVALID_JSON);
        }
        if (!(node instanceof ObjectNode object)) {
            throw Problem.of(ErrorCode.INVALID_JSON, "The request body must be a JSON object");
        }
        return new JsonBody(object);
    }

    @Override
    public String optionalString(String field, int maxLength) {
        JsonNode node = get(field);
        if (node == null) {
            return null;
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
    public Boolean optionalBoolean(String field) {
        JsonNode node = get(field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be true or false");
        }
        return node.booleanValue();
    }

    private JsonNode get(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            node = object.get(Fields.snakeCase(field));
        }
        return node == null || node.isNull() ? null : node;
    }
}
