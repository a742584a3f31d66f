package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One call's named parameters, read the way lightningd's {@code param()} does: unknown names, missing required
 * ones and malformed values are rejected with Core Lightning's own messages (error -32602).
 */
final class SimParams {
    private static final BigInteger U64_MAX = new BigInteger("18446744073709551615");
    private static final Pattern AMOUNT = Pattern.compile("(\\d+)(?:\\.(\\d+))?(msat|sat|btc)?");
    private static final long MSAT_PER_BTC = 100_000_000_000L;

    private final ObjectNode values;

    private SimParams(ObjectNode values) {
        this.values = values;
    }

    /** Accepts a JSON object of named parameters, or an array of them in {@code names} order. */
    static SimParams of(JsonNode body, List<String> names) {
        ObjectNode named;
        if (body == null || body.isNull()) {
            named = JsonNodeFactory.instance.objectNode();
        } else if (body.isArray()) {
            if (body.size() > names.size()) {
                throw SimRpcError.invalidParams("too many parameters: got " + body.size() + ", expected at most " + names.size());
            }
            named = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < body.size(); i++) {
                named.set(names.get(i), body.get(i));
            }
        } else if (body.isObject()) {
            named = (ObjectNode) body;
        } else {
            throw SimRpcError.invalidParams("Expected array or object for params");
        }
        for (Iterator<String> it = named.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                throw SimRpcError.invalidParams("unknown parameter: " + name.replace("\"", "\\\"")
                        + ", this may be caused by a failure to autodetect key=value-style parameters."
                        + " Please try using the -k flag and explicit key=value pairs of parameters.");
            }
        }
        return new SimParams(named);
    }

    boolean has(String name) {
        JsonNode v = values.get(name);
        return v != null && !v.isNull();
    }

    private JsonNode required(String name) {
        if (!has(name)) {
            throw SimRpcError.invalidParams("missing required parameter: " + name);
        }
        return values.get(name);
    }

    /** A string; null when optional and absent. */
    String string(String name, boolean required) {
        if (!required && !has(name)) {
            return null;
        }
        JsonNode v = required(name);
        if (!v.isTextual()) {
            throw invalid(name, "should be a string");
        }
        return v.textValue();
    }

    /** A label: a string or a number, which lightningd keeps as the number's text. */
    String label(String name, boolean required) {
        if (!required && !has(name)) {
            return null;
        }
        JsonNode v = required(name);
        if (v.isTextual() || v.isIntegralNumber()) {
            return v.asText();
        }
        throw invalid(name, "should be a string or a number");
    }

    /** An unsigned 64-bit integer (JSON number or digits in a string); {@code fallback} when absent. */
    long u64(String name, long fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode v = values.get(name);
        String text = v.isIntegralNumber() || v.isTextual() ? v.asText().trim() : "";
        if (!text.matches("\\d{1,20}") || new BigInteger(text).compareTo(U64_MAX) > 0) {
            throw invalid(name, "should be an unsigned 64 bit integer");
        }
        // The simulator never needs values beyond Long.MAX_VALUE; clamp the rest.
        BigInteger value = new BigInteger(text);
        return value.bitLength() < 64 ? value.longValue() : Long.MAX_VALUE;
    }

    /** A boolean (JSON true/false, or their text); {@code fallback} when absent. */
    boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode v = values.get(name);
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
            return Boolean.parseBoolean(v.textValue());
        }
        throw invalid(name, "should be 'true' or 'false'");
    }

    /** An unsigned 32-bit integer (JSON number or digits in a string). */
    long u32(String name) {
        JsonNode v = required(name);
        String text = v.isIntegralNumber() || v.isTextual() ? v.asText().trim() : "";
        if (!text.matches("\\d{1,10}") || Long.parseLong(text) > 0xffffffffL) {
            throw invalid(name, "should be an unsigned 32 bit integer");
        }
        return Long.parseLong(text);
    }

    /** A required parameter as given. */
    JsonNode raw(String name) {
        return required(name);
    }

    /** {@code msat_or_any}: a positive amount, or null for "any". */
    Long msatOrAny(String name) {
        JsonNode v = required(name);
        if (v.isTextual() && v.textValue().equals("any")) {
            return null;
        }
        Long msat = msat(v);
        if (msat == null || msat <= 0) {
            throw invalid(name, "should be positive msat or 'any'");
        }
        return msat;
    }

    /** An optional msat amount; null when absent. */
    Long optionalMsat(String name) {
        if (!has(name)) {
            return null;
        }
        Long msat = msat(values.get(name));
        if (msat == null) {
            throw invalid(name, "should be a millisatoshi amount");
        }
        return msat;
    }

    /** An amount as lightningd accepts it: integer msat, or "1000msat", "10sat", "10.000sat", "1btc", ... */
    static Long msat(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() && v.longValue() >= 0 ? v.longValue() : null;
        }
        if (!v.isTextual()) {
            return null;
        }
        Matcher m = AMOUNT.matcher(v.textValue().trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        String unit = m.group(3) == null ? "msat" : m.group(3);
        int decimals = m.group(2) == null ? 0 : m.group(2).length();
        boolean decimalsAllowed = switch (unit) {
            case "msat" -> decimals == 0;
            case "sat" -> decimals == 0 || decimals == 3;
            default -> decimals == 0 || decimals == 8 || decimals == 11;
        };
        if (!decimalsAllowed) {
            return null;
        }
        BigDecimal amount = new BigDecimal(m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2));
        BigDecimal perUnit = BigDecimal.valueOf(switch (unit) {
            case "msat" -> 1L;
            case "sat" -> 1000L;
            default -> MSAT_PER_BTC;
        });
        try {
            return amount.multiply(perUnit).longValueExact();
        } catch (ArithmeticException tooLargeOrFractional) {
            return null;
        }
    }

    private static SimRpcError invalid(String name, String should) {
        return SimRpcError.invalidParams(name + ": " + should + ": invalid token (see logs for details)");
    }
}
