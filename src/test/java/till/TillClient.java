package till;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for a Till (or simulated node) at a base URL. */
public class TillClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final String url;

    public TillClient(String url) {
        this.url = url;
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

    public Response patch(String path, String body, String key) {
        return send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)), key);
    }

    public Response delete(String path, String key) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).DELETE(), key);
    }

    /** A clnrest call, for a TillClient pointed at a (simulated) node. */
    public Response rpc(String method, String body) {
        return send(HttpRequest.newBuilder(URI.create(url + "/v1/" + method))
                .header("Rune", "test-rune")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), null);
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
        Response account = post("/accounts", "{\"name\": \"Shop\", \"feePpm\": " + feePpm + "}", TestTill.ADMIN_KEY);
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

    /** The body of {@code POST /invoice/add} for the shop's terminal. */
    public static String invoiceBody(Shop shop, long amountMsat) {
        return "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": " + amountMsat + "}";
    }

    /** Creates an invoice over REST and returns the answer's JSON. */
    public JsonNode createInvoice(Shop shop, long amountMsat) {
        Response response = post("/invoice/add", invoiceBody(shop, amountMsat), null);
        if (response.status() != 201) {
            throw new AssertionError("invoice creation failed: " + response.body());
        }
        return response.json();
    }

    /** Gives the shop's account {@code amountMsat} (its fee aside): an invoice, paid by the simulated payer. */
    public void fund(Shop shop, long amountMsat) {
        Response paid = pay(createInvoice(shop, amountMsat).get("invoiceHash").asText());
        if (paid.status() != 200) {
            throw new AssertionError("funding failed: " + paid.body());
        }
    }

    public long balance(Shop shop) {
        return get("/accounts/" + shop.accountId(), shop.apiKey()).json().get("balanceMsat").asLong();
    }

    /** {@code POST /invoice/pay} from the shop's account with its own key. */
    public Response payBolt11(Shop shop, String bolt11) {
        return post("/invoice/pay", "{\"accountId\": \"" + shop.accountId() + "\", \"bolt11\": \"" + bolt11 + "\"}",
                shop.apiKey());
    }

    public Response pay(String invoiceHash) {
        return post("/simulator/pay/" + invoiceHash, "", null);
    }

    /** A Transaction's (or Invoice's) {@code id} as a typed IBEXPay client reads it: a positive JSON integer. */
    public static long transactionId(JsonNode transaction) {
        JsonNode id = transaction.get("id");
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw new AssertionError("the id is not a positive JSON integer: " + transaction);
        }
        return id.asLong();
    }
}
