package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Raw HTTP to a simulated node, for tests that care about exact statuses and bodies. */
final class SimHttp {
    /** An answer: status and body (parsed as JSON). */
    record Answer(int status, String text, JsonNode json) {}

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    SimHttp(SimNode node) {
        this.baseUrl = node.baseUrl();
    }

    /** POST {@code /v1/<method>} with a rune and a JSON body. */
    Answer rpc(String method, String body) throws IOException, InterruptedException {
        return post("/v1/" + method, "sim-rune", true, body);
    }

    Answer rpc(String method, JsonNode body) throws IOException, InterruptedException {
        return rpc(method, body.toString());
    }

    Answer post(String path, String rune, boolean jsonContentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (rune != null) {
            request.header("Rune", rune);
        }
        // curl's default for -d, which clnrest form-decodes.
        request.header("Content-Type", jsonContentType ? "application/json" : "application/x-www-form-urlencoded");
        return send(request.build());
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Rune", "sim-rune").GET().build());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException notJson) {
            json = null;
        }
        return new Answer(response.statusCode(), response.body(), json);
    }
}
