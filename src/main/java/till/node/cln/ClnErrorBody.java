package till.node.cln;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns a clnrest error answer into a {@link ClnRpcException}. The body may be cut off by the size cap (a failed
 * {@code pay} once answered with 819 KB), so it is read as a token stream: {@code code} and {@code message} come first
 * and survive the cut even when a huge {@code data} or {@code attempts} member does not.
 */
final class ClnErrorBody {
    /** JSON-RPC's standard codes, used when clnrest's answer carries no code of its own. */
    static final int PARSE_ERROR = -32700;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INTERNAL_ERROR = -32603;
    /** clnrest's "Not authorized" code for rune problems. */
    static final int NOT_AUTHORIZED = 1501;
    private static final int SNIPPET = 200;

    private ClnErrorBody() {}

    static ClnRpcException toException(ObjectMapper json, String method, int status, BoundedBody body) {
        Integer code = null;
        String message = null;
        JsonNode data = null;
        boolean object = false;
        try (JsonParser parser = json.createParser(body.bytes())) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.VALUE_STRING) {
                // clnrest answers unparseable request JSON with a bare JSON string.
                return new ClnRpcException(method, status, PARSE_ERROR, parser.getText(), null);
            }
            object = first == JsonToken.START_OBJECT;
            while (object && parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "code" -> code = value.isNumeric() ? parser.getIntValue() : null;
                    case "message" -> message = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "data" -> data = parser.readValueAsTree();
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException cutOffOrNotJson) {
            // Keep whatever was read before the cut; a body that is not JSON at all is described below.
        }
        if (!object) {
            return new ClnRpcException(method, status, defaultCode(status),
                    "HTTP " + status + " with a non-JSON body: " + snippet(body), null);
        }
        if (message == null) {
            message = "HTTP " + status + " without an error message" + (body.truncated() ? " (body truncated)" : "");
        }
        return new ClnRpcException(method, status, code != null ? code : defaultCode(status), message, data);
    }

    private static int defaultCode(int status) {
        return switch (status) {
            case 401, 403 -> NOT_AUTHORIZED;
            case 404, 405 -> METHOD_NOT_FOUND;
            default -> INTERNAL_ERROR;
        };
    }

    private static String snippet(BoundedBody body) {
        String text = new String(body.bytes(), 0, Math.min(body.bytes().length, SNIPPET), StandardCharsets.UTF_8);
        text = text.replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "(empty)" : text + (body.bytes().length > SNIPPET ? "..." : "");
    }
}
