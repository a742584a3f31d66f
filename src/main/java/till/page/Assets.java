package till.page;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pages' CSS, JavaScript and icon, read once from the jar. Only the files named here are served: a
 * request can never reach anything else on the class path.
 */
final class Assets {
    record Asset(String contentType, byte[] bytes) {}

    private static final Map<String, String> TYPES = Map.of(
            "till.css", "text/css; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "till.js", "text/javascript; charset=utf-8",
            "checkout.js", "text/javascript; charset=utf-8",
            "pos.js", "text/javascript; charset=utf-8",
            "dashboard-money.js", "text/javascript; charset=utf-8",
            "icon.svg", "image/svg+xml");

    private final Map<String, Asset> byName;

    Assets() {
        byName = TYPES.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> new Asset(e.getValue(), Resources.read("assets/" + e.getKey()))));
    }

    Optional<Asset> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
