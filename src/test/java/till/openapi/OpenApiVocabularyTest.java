package till.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import till.error.ErrorCode;
import till.invoice.WatcherState;
import till.webhook.DeliveryStatus;

/**
 * openapi.json lists, as machine-readable enums, exactly the words Till sends: every code of the error catalogue
 * (and none it lacks) with its HTTP status, the webhook delivery statuses and the watcher states.
 */
class OpenApiVocabularyTest {
    private final OpenApiContract contract = OpenApiContract.load();

    @Test
    void theErrorSchemasListEveryCodeOfTheCatalogueAndNoOther() {
        Set<String> catalogue = Arrays.stream(ErrorCode.values()).map(ErrorCode::code)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(catalogue, enumOf(schema("Error").path("properties").path("code")));
        assertEquals(catalogue, enumOf(schema("ChargeError").path("properties").path("code")));
        Map<String, Integer> statuses = new TreeMap<>();
        schema("ErrorCode").path("x-status").fields().forEachRemaining(e -> statuses.put(e.getKey(), e.getValue().asInt()));
        assertEquals(Arrays.stream(ErrorCode.values()).collect(Collectors.toMap(ErrorCode::code, ErrorCode::status,
                (a, b) -> a, TreeMap::new)), statuses, "x-status: each code's HTTP status");
    }

    @Test
    void theWebhookDeliveryStatusesAreTheDeliveryStatusEnum() {
        assertEquals(names(DeliveryStatus.values()), enumOf(schema("WebhookDelivery").path("properties").path("status")));
    }

    @Test
    void theWatcherStatesAreTheWatcherStateEnumAndUnknown() {
        Set<String> states = names(WatcherState.values());
        states.add("unknown");  // /health's word when the watcher's cursor cannot be read
        assertEquals(states, enumOf(schema("Health").path("properties").path("watcher").path("properties").path("state")));
    }

    private JsonNode schema(String name) {
        return contract.spec.path("components").path("schemas").path(name);
    }

    /** The enum of a property, following one $ref. */
    private Set<String> enumOf(JsonNode property) {
        JsonNode resolved = property.has("$ref") ? contract.spec.at(property.get("$ref").asText().substring(1)) : property;
        Set<String> values = new TreeSet<>();
        resolved.path("enum").forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Set<String> names(Enum<?>[] constants) {
        return Stream.of(constants).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
