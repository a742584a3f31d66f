package till;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A real Till server on a free port with a temporary data directory, and a small HTTP client for it. */
public final class TestTill implements AutoCloseable {
    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final Path dataDir;
    public final Till till;
    public final String url;

    private TestTill(Path dataDir, Till till) {
        this.dataDir = dataDir;
        this.till = till;
        this.url = "http://127.0.0.1:" + till.port();
    }

    /** With the embedded simulated node. */
    public static TestTill start() {
        return start(tempDir(), Map.of());
    }

    public static TestTill start(Path dataDir, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putIfAbsent("TILL_PORT", "0");
        env.putIfAbsent("TILL_ADMIN_KEY", ADMIN_KEY);
        env.put("TILL_DATA_DIR", dataDir.toString());
        return new TestTill(dataDir, Till.start(Config.load(env)));
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("till-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP answer: status, raw body and the body parsed as JSON (null when it is not JSON). */
    public record Response(int status, String body, JsonNode json) {
        public String text(String field) {
            return json.path(field).asText();
        }
    }

    public Response get(String path, String key) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET(), key);
    }

    public Response post(String path, String body, String key) {
        return send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), key);
    }

    public static Response send(HttpRequest.Builder request, String key) {
        if (key != null) {
            request.header("Authorization", key);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (IOException notJson) {
                json = null;
            }
            return new Response(response.statusCode(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An account and one terminal for it. */
    public record Shop(String accountId, String apiKey, String bptId) {}

    public Shop createShop(int feePpm) {
        Response account = post("/accounts", "{\"name\": \"Shop\", \"feePpm\": " + feePpm + "}", ADMIN_KEY);
        if (account.status() != 201) {
            throw new AssertionError("account creation failed: " + account.body());
        }
        String id = account.text("id");
        String key = account.text("apiKey");
        Response bpt = post("/accounts/" + id + "/bpts", "{\"name\": \"Counter\"}", key);
        if (bpt.status() != 201) {
            throw new AssertionError("bpt creation failed: " + bpt.body());
        }
        return new Shop(id, key, bpt.text("id"));
    }

    /** Creates an invoice over REST and returns the answer's JSON. */
    public JsonNode createInvoice(Shop shop, long amountMsat) {
        Response response = post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": " + amountMsat + "}", null);
        if (response.status() != 201) {
            throw new AssertionError("invoice creation failed: " + response.body());
        }
        return response.json();
    }

    public Response pay(String invoiceHash) {
        return post("/simulator/pay/" + invoiceHash, "", null);
    }

    @Override
    public void close() {
        till.close();
    }
}
