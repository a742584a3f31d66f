package till.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One text per JSON value, whatever its spacing and member order: members sorted by name at every depth, no
 * whitespace. Two request bodies are "the same request" when their canonical texts are equal.
 */
public final class CanonicalJson {
    private CanonicalJson() {}

    public static String of(JsonNode value) {
        return sorted(value).toString();
    }

    private static JsonNode sorted(JsonNode value) {
        if (value.isObject()) {
            List<String> names = new ArrayList<>();
            value.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            names.forEach(name -> out.set(name, sorted(value.get(name))));
            return out;
        }
        if (value.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode(value.size());
            value.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return value;
    }
}
