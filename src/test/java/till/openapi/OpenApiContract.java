package till.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds real answers to {@code openapi.json}: finds the operation of a method and path, the response of its status
 * (or {@code default}), the media type of its Content-Type, and validates a JSON body against that schema
 * (OpenAPI 3.1's schemas are JSON Schema 2020-12). Remembers which operations were exercised.
 */
final class OpenApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    final JsonNode spec;
    private final JsonNode definitions;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final Set<String> exercised = new TreeSet<>();

    private OpenApiContract(JsonNode spec) {
        this.spec = spec;
        this.definitions = spec.path("components").path("schemas");
    }

    static OpenApiContract load() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi.json")) {
            return new OpenApiContract(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless the answer is documented: path, method, status, media type and, for JSON, the body's schema. */
    synchronized void check(String method, String pathAndQuery, int status, String contentType, String body) {
        String path = pathAndQuery.split("\\?")[0];
        String template = template(path).orElseGet(() -> fail("undocumented path " + path));
        String operationKey = method + " " + template;
        JsonNode operation = spec.path("paths").path(template).path(method.toLowerCase());
        assertTrue(operation.isObject(), "undocumented operation " + operationKey);
        JsonNode responses = operation.path("responses");
        JsonNode response = responses.has(Integer.toString(status)) ? responses.get(Integer.toString(status)) : responses.get("default");
        assertTrue(response != null, operationKey + ": undocumented status " + status + ": " + body);
        response = resolve(response);
        if (!response.has("content")) {
            assertTrue(body.isEmpty(), operationKey + " " + status + ": documented without a body, answered " + body);
            exercised.add(operationKey);
            return;
        }
        String media = contentType == null ? "" : contentType.split(";")[0].trim();
        JsonNode content = response.path("content");
        assertTrue(content.has(media), operationKey + " " + status + ": undocumented content type " + contentType);
        if (media.equals("application/json")) {
            validate(operationKey + " " + status, content.get(media).get("schema"), parse(body));
        }
        exercised.add(operationKey);
    }

    /** Validates a JSON value (such as a WebSocket message) against one of the components' schemas. */
    void validate(String componentName, JsonNode value) {
        assertTrue(definitions.has(componentName), "no schema " + componentName);
        validate(componentName, JSON.createObjectNode().put("$ref", "#/components/schemas/" + componentName), value);
    }

    /** Every HTTP operation the description has (WebSockets, marked x-websocket, are checked by their messages). */
    Set<String> operations() {
        Set<String> all = new TreeSet<>();
        spec.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!op.getValue().path("x-websocket").asBoolean(false)) {
                all.add(op.getKey().toUpperCase() + " " + path.getKey());
            }
        }));
        return all;
    }

    synchronized Set<String> exercised() {
        return new TreeSet<>(exercised);
    }

    private void validate(String what, JsonNode schemaNode, JsonNode value) {
        JsonSchema schema = schemas.computeIfAbsent(schemaNode.toString(), key -> factory.getSchema(standalone(schemaNode)));
        Set<ValidationMessage> errors = schema.validate(value);
        assertEquals(Set.of(), errors, what + " does not match openapi.json: " + value);
    }

    /** The schema with the components beside it as $defs, so that its $refs resolve in a plain JSON Schema. */
    private JsonNode standalone(JsonNode schemaNode) {
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.set("allOf", JSON.createArrayNode().add(schemaNode));
            root.set("$defs", definitions);
            return JSON.readTree(root.toString().replace("#/components/schemas/", "#/$defs/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode resolve(JsonNode response) {
        JsonNode ref = response.get("$ref");
        return ref == null ? response : spec.at(ref.asText().substring(1));
    }

    /** The documented path template matching a real path; with several, the one with the most fixed segments. */
    private Optional<String> template(String path) {
        String[] actual = path.split("/", -1);
        Iterator<String> names = spec.path("paths").fieldNames();
        Set<String> matches = new TreeSet<>(Comparator.comparingLong(OpenApiContract::parameterCount).thenComparing(t -> t));
        names.forEachRemaining(template -> {
            String[] parts = template.split("/", -1);
            if (parts.length != actual.length) {
                return;
            }
            for (int i = 0; i < parts.length; i++) {
                boolean parameter = parts[i].startsWith("{") && parts[i].endsWith("}") && !actual[i].isEmpty();
                if (!parameter && !parts[i].equals(actual[i])) {
                    return;
                }
            }
            matches.add(template);
        });
        return matches.stream().findFirst();
    }

    private static long parameterCount(String template) {
        return template.chars().filter(c -> c == '{').count();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return fail("not JSON: " + body);
        }
    }
}
