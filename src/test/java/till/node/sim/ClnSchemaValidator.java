package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks JSON against Core Lightning's schema dialect (doc/schemas/*.json): CLN's own types (u64, msat, hash, pubkey,
 * ...), required, properties, additionalProperties false, items, enum, oneOf, allOf and if/then/else, min/maxLength.
 * Documentation-only keys (description, added, deprecated, default, dependentUpon) are ignored.
 */
final class ClnSchemaValidator {
    private static final Map<String, BigInteger> UNSIGNED_MAX = Map.of(
            "u64", BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
            "msat", BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
            "u32", BigInteger.valueOf(0xFFFF_FFFFL),
            "u16", BigInteger.valueOf(0xFFFF),
            "u8", BigInteger.valueOf(0xFF));

    private ClnSchemaValidator() {}

    /** Every violation as "path: problem"; empty when {@code value} conforms. */
    static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "$", errors);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode v, String path, List<String> errors) {
        if (schema.has("type")) {
            String type = schema.get("type").asText();
            if (!hasType(type, v)) {
                errors.add(path + ": expected " + type + " but was " + v);
                return;
            }
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode option : schema.get("enum")) {
                listed |= option.equals(v);
            }
            if (!listed) {
                errors.add(path + ": " + v + " not in " + schema.get("enum"));
            }
        }
        if (v.isTextual()) {
            int length = v.textValue().length();
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                errors.add(path + ": shorter than " + schema.get("minLength"));
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                errors.add(path + ": longer than " + schema.get("maxLength"));
            }
        }
        if (schema.has("oneOf")) {
            int matching = 0;
            for (JsonNode option : schema.get("oneOf")) {
                matching += validate(option, v).isEmpty() ? 1 : 0;
            }
            if (matching != 1) {
                errors.add(path + ": matches " + matching + " of oneOf, expected exactly 1");
            }
        }
        if (v.isObject()) {
            checkObject(schema, v, path, errors);
        }
        if (v.isArray() && schema.has("items")) {
            for (int i = 0; i < v.size(); i++) {
                check(schema.get("items"), v.get(i), path + "[" + i + "]", errors);
            }
        }
        for (JsonNode part : schema.path("allOf")) {
            check(part, v, path, errors);
        }
        if (schema.has("if")) {
            String branch = validate(schema.get("if"), v).isEmpty() ? "then" : "else";
            if (schema.has(branch)) {
                check(schema.get(branch), v, path + "(" + branch + ")", errors);
            }
        }
    }

    private static void checkObject(JsonNode schema, JsonNode v, String path, List<String> errors) {
        for (JsonNode name : schema.path("required")) {
            if (!v.has(name.asText())) {
                errors.add(path + ": missing required " + name.asText());
            }
        }
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), path + "." + field.getKey(), errors);
            } else if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
                errors.add(path + ": unexpected member " + field.getKey());
            }
        }
    }

    private static boolean hasType(String type, JsonNode v) {
        return switch (type) {
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "array" -> v.isArray();
            case "object" -> v.isObject();
            case "u64", "u32", "u16", "u8", "msat" -> v.isIntegralNumber() && v.bigIntegerValue().signum() >= 0
                    && v.bigIntegerValue().compareTo(UNSIGNED_MAX.get(type)) <= 0;
            case "msat_or_any" -> hasType("msat", v) || (v.isTextual() && v.textValue().equals("any"));
            case "hex" -> v.isTextual() && v.textValue().matches("([0-9a-fA-F]{2})*");
            case "hash", "secret", "txid" -> v.isTextual() && v.textValue().matches("[0-9a-fA-F]{64}");
            case "pubkey" -> v.isTextual() && v.textValue().matches("0[23][0-9a-fA-F]{64}");
            case "signature" -> v.isTextual() && v.textValue().matches("30([0-9a-fA-F]{2}){6,72}");
            case "bip340sig" -> v.isTextual() && v.textValue().matches("[0-9a-fA-F]{128}");
            case "short_channel_id" -> v.isTextual() && v.textValue().matches("\\d+x\\d+x\\d+");
            case "sat_or_all" -> (v.isIntegralNumber() && v.longValue() >= 0)
                    || (v.isTextual() && v.textValue().matches("all|\\d+(sat|msat)?"));
            case "outpoint" -> v.isTextual() && v.textValue().matches("[0-9a-fA-F]{64}:\\d+");
            case "feerate" -> v.isIntegralNumber() || v.isTextual();
            default -> throw new IllegalArgumentException("unknown CLN schema type " + type);
        };
    }
}
