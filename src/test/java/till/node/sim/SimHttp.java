package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import till.TillClient;

/** Raw HTTP to a simulated node, for tests that care about exact statuses and bodies. */
final class SimHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;

    SimHttp(SimNode node) {
        this.baseUrl = node.baseUrl();
    }

    /** POST {@code /v1/<method>} with a rune and a JSON body. */
    TillClient.Response rpc(String method, String body) {
        return post("/v1/" + method, "sim-rune", true, body);
    }

    TillClient.Response rpc(String method, JsonNode body) {
        return rpc(method, body.toString());
    }

    TillClient.Response post(String path, String rune, boolean jsonContentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (rune != null) {
            request.header("Rune", rune);
        }
        // curl's default for -d, which clnrest form-decodes.
        request.header("Content-Type", jsonContentType ? "application/json" : "application/x-www-form-urlencoded");
        return send(request);
    }

    TillClient.Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Rune", "sim-rune").GET());
    }

    private static TillClient.Response send(HttpRequest.Builder request) {
        return TillClient.send(request, null);
    }
}
