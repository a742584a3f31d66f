package till.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Plays shops and payers against a Till over its HTTP API, as the sample maker's script needs. */
final class SampleDriver {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    record Shop(String accountId, String apiKey, List<String> bpts) {}

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;
    private final String adminKey;

    SampleDriver(String url, String adminKey) {
        this.url = url;
        this.adminKey = adminKey;
    }

    Shop shop(String name, int feePpm, String... terminals) {
        JsonNode account = post("/accounts", json.createObjectNode().put("name", name).put("feePpm", feePpm), adminKey);
        String id = account.get("id").asText();
        String key = account.get("apiKey").asText();
        List<String> bpts = java.util.Arrays.stream(terminals)
                .map(t -> post("/accounts/" + id + "/bpts", json.createObjectNode().put("name", t), key).get("id").asText())
                .toList();
        return new Shop(id, key, bpts);
    }

    /** A terminal whose POS types amounts in {@code currency}; its id. */
    String terminal(Shop shop, String name, String currency) {
        return post("/accounts/" + shop.accountId() + "/bpts", json.createObjectNode().put("name", name).put("currency", currency),
                shop.apiKey()).get("id").asText();
    }

    /** A new invoice priced in fiat, converted at the simulated rate; its hash. */
    String fiatInvoice(String bpt, String amountFiat, String currency, String tag) {
        return post("/invoice/add", json.createObjectNode().put("bptId", bpt).put("amountFiat", amountFiat)
                .put("currency", currency).put("tag", tag), null).get("invoiceHash").asText();
    }

    /** A charge priced in fiat, as OpenNode's plugins send it (the amount a numeric string); its invoice's hash. */
    String fiatCharge(Shop shop, String amount, String currency, String description, String orderId) {
        JsonNode charge = post("/v1/charges", json.createObjectNode().put("amount", amount).put("currency", currency)
                .put("description", description).put("order_id", orderId), shop.apiKey()).get("data");
        String checkout = charge.get("hosted_checkout_url").asText();
        return checkout.substring(checkout.lastIndexOf('/') + 1);
    }

    /** A new invoice's hash; {@code webhookUrl} and {@code tag} may be null. */
    String invoice(String bpt, long amountMsat, String tag, int expiration, String webhookUrl) {
        ObjectNode body = json.createObjectNode().put("bptId", bpt).put("amountMsat", amountMsat).put("expiration", expiration);
        if (tag != null) {
            body.put("tag", tag);
        }
        if (webhookUrl != null) {
            body.put("webhookUrl", webhookUrl).put("webhookSecret", "whsec_c2FtcGxlLXdlYmhvb2stc2VjcmV0");
        }
        return post("/invoice/add", body, null).get("invoiceHash").asText();
    }

    /** Pays with the simulated payer ({@code amountMsat} null: the invoice's amount); returns the transaction id. */
    String pay(String invoiceHash, Long amountMsat) {
        ObjectNode body = json.createObjectNode();
        if (amountMsat != null) {
            body.put("amountMsat", amountMsat);
        }
        return post("/simulator/pay/" + invoiceHash, body, null).get("id").asText();
    }

    void charge(Shop shop, long amountSat, String description, String orderId) {
        post("/v1/charges", json.createObjectNode().put("amount", amountSat).put("description", description)
                .put("order_id", orderId), shop.apiKey());
    }

    /**
     * A charge paid on-chain by the simulated payer: each of {@code paymentsSat} sent to its address, then one block
     * mined (at one confirmation: paid when the payments cover it, underpaid when not).
     */
    String onchainCharge(Shop shop, long amountSat, String description, String orderId, long... paymentsSat) {
        JsonNode charge = post("/v1/charges", json.createObjectNode().put("amount", amountSat).put("description", description)
                .put("order_id", orderId), shop.apiKey()).get("data");
        for (long sat : paymentsSat) {
            post("/simulator/onchain/send", json.createObjectNode().put("address", charge.get("address").asText())
                    .put("amountSat", sat), null);
        }
        post("/simulator/onchain/mine", json.createObjectNode().put("blocks", 1), null);
        return charge.get("id").asText();
    }

    /** The charge's status, and "/confirmed" once every payment it received is. */
    String chargeState(Shop shop, String chargeId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/v1/charge/" + chargeId))
                .header("Authorization", shop.apiKey()).GET();
        JsonNode charge = send(request).path("data");
        boolean confirmed = true;
        for (JsonNode tx : charge.path("transactions")) {
            confirmed &= tx.path("status").asText().equals("confirmed");
        }
        return charge.path("status").asText() + (confirmed ? "/confirmed" : "");
    }

    /** The status of a transaction's first webhook delivery, or "none". */
    String webhookStatus(String transactionId) {
        JsonNode log = get("/transaction/" + transactionId + "/webhooks").path("data");
        return log.isEmpty() ? "none" : log.get(0).get("status").asText() + "/" + log.get(0).get("attempts").asInt();
    }

    int countWithStatus(String status) {
        return get("/transactions?status=" + status + "&limit=500").path("data").size();
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("making the sample: timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", adminKey).GET());
    }

    private JsonNode post(String path, JsonNode body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (key != null) {
            request.header("Authorization", key);
        }
        return send(request);
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("making the sample: HTTP " + response.statusCode() + " " + response.body());
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("making the sample: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
