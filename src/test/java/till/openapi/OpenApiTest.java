package till.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestAddresses;
import till.TestDatabase;
import till.TestInvoices;
import till.TestTill;
import till.WebhookReceiver;
import till.WsClient;

/**
 * openapi.json against real answers: a scripted session calls every HTTP endpoint, with successes and errors, and
 * every answer must be documented (path, method, status, content type) and match its schema; every documented
 * operation must have been called, or not exist on this server. WebSocket messages are held to their schemas too.
 */
class OpenApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final OpenApiContract contract = OpenApiContract.load();
    static final String ADMIN = TestTill.ADMIN_KEY;
    static WebhookReceiver receiver;
    static TestTill server;

    record Call(int status, JsonNode json) {
        String text(String field) {
            return json.path(field).asText();
        }
    }

    @BeforeAll
    static void start() {
        receiver = new WebhookReceiver(received -> WebhookReceiver.Answer.of(200));
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"));
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.close();
    }

    @Test
    void everyAnswerOfAScriptedSessionMatchesTheDescription() throws Exception {
        assertEquals(contract.spec, call("GET", "/openapi.json", null, null).json());
        call("GET", "/health", null, null);
        call("GET", "/health", null, ADMIN);
        assertEquals(200, call("GET", "/metrics", null, null).status());

        Call account = expect(201, "POST", "/accounts", "{\"name\": \"Shop\", \"feePpm\": 5000}", ADMIN);
        String accountId = account.text("id");
        String key = account.text("apiKey");
        expect(401, "POST", "/accounts", "{\"name\": \"Shop\"}", null);
        expect(403, "POST", "/accounts", "{\"name\": \"Shop\"}", key);
        expect(400, "POST", "/accounts", "{\"name\": \"\"}", ADMIN);
        expect(400, "POST", "/accounts", "{\"name\": \"x\", \"feePpm\": \"5\"}", ADMIN);
        expect(200, "GET", "/accounts", null, ADMIN);
        expect(200, "GET", "/accounts/" + accountId, null, key);
        expect(404, "GET", "/accounts/no-such-account", null, ADMIN);
        String bpt = expect(201, "POST", "/accounts/" + accountId + "/bpts", "{\"name\": \"Counter\"}", key).text("id");
        expect(400, "POST", "/accounts/" + accountId + "/bpts", "{\"name\": 5}", key);
        String euroBpt = expect(201, "POST", "/accounts/" + accountId + "/bpts", "{\"name\": \"Café\", \"currency\": \"EUR\"}", key)
                .text("id");
        expect(400, "POST", "/accounts/" + accountId + "/bpts", "{\"name\": \"Café\", \"currency\": \"SEK\"}", key);
        expect(200, "GET", "/accounts/" + accountId + "/bpts", null, key);
        expect(200, "PATCH", "/accounts/" + accountId + "/bpts/" + euroBpt, "{\"name\": \"Café\", \"splitBitcoinPercentage\": 80}", key);
        expect(200, "PATCH", "/accounts/" + accountId + "/bpts/" + euroBpt, "{\"currency\": \"EUR\"}", key);
        expect(400, "PATCH", "/accounts/" + accountId + "/bpts/" + euroBpt, "{\"splitBitcoinPercentage\": 101}", key);
        expect(404, "PATCH", "/accounts/" + accountId + "/bpts/no-such-terminal", "{\"name\": \"x\"}", key);
        String cafe = expect(201, "POST", "/accounts/" + accountId + "/bpts", "{\"name\": \"Cafe\", "
                + "\"lightningAddress\": \"openapi-cafe\"}", key).text("id");
        expect(409, "POST", "/accounts/" + accountId + "/bpts", "{\"name\": \"Bar\", \"lightningAddress\": \"openapi-cafe\"}", key);
        expect(200, "PATCH", "/accounts/" + accountId + "/bpts/" + cafe, "{\"lightningAddress\": \"openapi-cafe2\"}", key);
        expect(200, "GET", "/lnurlp/" + cafe, null, null);
        expect(404, "GET", "/lnurlp/no-such-terminal", null, null);
        expect(200, "GET", "/lnurlp/" + cafe + "/callback?amount=5000&comment=hi", null, null);
        expect(400, "GET", "/lnurlp/" + cafe + "/callback?amount=5", null, null);
        expect(200, "GET", "/.well-known/lnurlp/openapi-cafe2", null, null);
        expect(404, "GET", "/.well-known/lnurlp/nobody", null, null);
        expect(200, "GET", "/.well-known/lnurlp/openapi-cafe2/callback?amount=5000", null, null);
        expect(400, "GET", "/.well-known/lnurlp/openapi-cafe2/callback", null, null);
        expect(200, "GET", "/lnurlp/" + cafe + "/qr.svg", null, null);
        expect(200, "GET", "/lnurlp/" + cafe + "/qr.png", null, null);
        expect(404, "GET", "/lnurlp/no-such-terminal/qr.png", null, null);
        String keys = "/accounts/" + accountId + "/keys";
        Call receiveKey = expect(201, "POST", keys, "{\"kind\": \"receive\", \"label\": \"shop plugin\"}", key);
        expect(400, "POST", keys, "{\"kind\": \"spend\"}", key);
        expect(403, "POST", keys, "{\"kind\": \"full\"}", receiveKey.text("apiKey"));
        expect(404, "POST", "/accounts/no-such-account/keys", "{\"kind\": \"full\"}", ADMIN);
        String firstKey = expect(200, "GET", keys, null, key).json().path(0).path("id").asText();
        expect(409, "DELETE", keys + "/" + firstKey, null, key);
        expect(204, "DELETE", keys + "/" + receiveKey.text("id"), null, key);
        expect(404, "DELETE", keys + "/" + receiveKey.text("id"), null, key);
        expect(401, "GET", "/transactions", null, receiveKey.text("apiKey"));

        Call invoice = expect(201, "POST", "/invoice/add", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 3000, \"tag\": \"coffee\","
                + " \"webhookUrl\": \"" + receiver.url("/hook") + "\"}", null);
        String hash = invoice.text("invoiceHash");
        String id = invoice.text("id");
        expect(404, "POST", "/invoice/add", "{\"bptId\": \"nope\", \"amountMsat\": 1}", null);
        String priced = expect(201, "POST", "/invoice/add", "{\"bptId\": \"" + euroBpt + "\", \"amountFiat\": \"4.50\", "
                + "\"currency\": \"EUR\"}", null).text("id");
        expect(400, "POST", "/invoice/add", "{\"bptId\": \"" + euroBpt + "\", \"amountFiat\": \"4.505\", \"currency\": \"EUR\"}", null);
        expect(400, "POST", "/invoice/add", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": \"1\"}", null);
        expect(413, "POST", "/invoice/add", "{\"tag\": \"" + "x".repeat(70_000) + "\"}", null);
        expect(200, "GET", "/invoice/" + hash + "/status", null, null);
        expect(404, "GET", "/invoice/" + "0".repeat(64) + "/status", null, null);
        expect(200, "POST", "/simulator/pay/" + hash, "", null);
        expect(409, "POST", "/simulator/pay/" + hash, "", null);
        expect(404, "POST", "/simulator/pay/" + "0".repeat(64), "", null);
        String payee = "bcrt1qu0g5g00z6j4rmdm9tsz0rgwhsawrmssey0x2kh";
        String sent = expect(200, "POST", "/simulator/onchain/send",
                "{\"address\": \"" + payee + "\", \"amountSat\": 5000, \"replaceable\": true}", null).text("txid");
        expect(400, "POST", "/simulator/onchain/send", "{\"address\": \"" + payee + "\", \"amountSat\": 1}", null);
        expect(200, "POST", "/simulator/onchain/bump/" + sent, "{\"amountSat\": 6000}", null);
        expect(404, "POST", "/simulator/onchain/bump/" + sent, "", null);
        expect(200, "POST", "/simulator/onchain/mine", "{\"blocks\": 2}", null);
        expect(200, "POST", "/simulator/onchain/reorg", "{\"blocks\": 1}", null);
        expect(400, "POST", "/simulator/onchain/reorg", "{}", null);

        expect(200, "GET", "/transaction/" + id, null, key);
        expect(404, "GET", "/transaction/no-such-transaction", null, key);
        expect(200, "GET", "/transaction/" + priced, null, key);
        expect(401, "GET", "/transaction/" + id, null, null);
        Await.until("the webhook delivered", Duration.ofSeconds(10), () -> expect(200, "GET", "/transaction/" + id + "/webhooks", null, key)
                .json().path("data").path(0).path("status").asText().equals("delivered"));
        expect(202, "POST", "/transaction/" + id + "/webhooks/redeliver", "", key);
        Call unpaid = expect(201, "POST", "/invoice/add", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 2000}", null);
        expect(409, "POST", "/transaction/" + unpaid.text("id") + "/webhooks/redeliver", "", key);
        expect(200, "GET", "/invoice/from-hash/" + hash, null, key);
        expect(200, "GET", "/invoice/from-bolt11/" + invoice.text("bolt11"), null, key);
        expect(400, "GET", "/invoice/from-bolt11/lnbcrt1garbage", null, key);
        String next = expect(200, "GET", "/transactions?limit=1", null, key).text("next");
        expect(200, "GET", "/transactions?after=" + next + "&status=paid", null, ADMIN);
        expect(400, "GET", "/transactions?status=nope", null, key);

        String external = TestInvoices.external(1000L);
        expect(200, "POST", "/invoice/decode", "{\"bolt11\": \"" + external + "\"}", key);
        expect(400, "POST", "/invoice/decode", "{\"bolt11\": \"lnbcrt1garbage\"}", key);
        expect(200, "POST", "/invoice/pay", "{\"accountId\": \"" + accountId + "\", \"bolt11\": \"" + external
                + "\", \"maxFeeMsat\": 100}", key);
        expect(422, "POST", "/invoice/pay", "{\"accountId\": \"" + accountId + "\", \"bolt11\": \""
                + TestInvoices.external(10_000_000L) + "\"}", key);
        expect(200, "GET", "/payment/" + TestInvoices.paymentHash(external), null, key);
        expect(404, "GET", "/payment/" + "0".repeat(64), null, key);
        expect(200, "GET", "/v1/account/balance", null, key);
        expect(403, "GET", "/v1/account/balance", null, ADMIN);
        expect(200, "GET", "/v1/auth/test", null, key);
        expect(401, "GET", "/v1/auth/test", null, "no-such-key");
        String funds = expect(201, "POST", "/invoice/add", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 20000}", null)
                .text("invoiceHash");
        expect(200, "POST", "/simulator/pay/" + funds, "", null);
        String withdrawal = expect(201, "POST", "/v2/withdrawals", "{\"type\": \"ln\", \"address\": \""
                + TestInvoices.external(2000L) + "\"}", key).json().path("data").path("id").asText();
        expect(400, "POST", "/v2/withdrawals", "{\"type\": \"chain\", \"address\": \"" + TestAddresses.regtest(2) + "\"}", key);
        expect(200, "GET", "/v1/withdrawal/" + withdrawal, null, key);
        expect(404, "GET", "/v1/withdrawal/no-such-withdrawal", null, key);
        expect(200, "GET", "/v1/withdrawals", null, key);

        String charge = expect(201, "POST", "/v1/charges", "{\"amount\": 1500, \"description\": \"Order #42\", \"order_id\": \"42\","
                + " \"success_url\": \"https://shop.example/thanks\"}", key).json().path("data").path("id").asText();
        expect(400, "POST", "/v1/charges", "{\"amount\": 0}", key);
        expect(401, "POST", "/v1/charges", "{\"amount\": 10}", null);
        expect(200, "GET", "/v1/charge/" + charge, null, key);
        expect(404, "GET", "/v1/charge/no-such-charge", null, key);
        expect(200, "GET", "/v1/charges", null, key);
        // OpenNode's WooCommerce plugin: an order is a charge, read back under its status path, paid at /checkout/{id}.
        String order = expect(201, "POST", "/orders", "{\"order_id\": 7, \"price\": \"4.50000000\", \"fiat\": \"USD\"}", key)
                .json().path("data").path("id").asText();
        expect(400, "POST", "/orders", "{\"order_id\": 7, \"fiat\": \"USD\"}", key);
        expect(200, "GET", "/checkouts/status/" + order, null, key);
        expect(404, "GET", "/checkouts/status/no-such-charge", null, key);
        expect(200, "GET", "/checkout/" + order + "?ln=1&hf=1", null, null);
        JsonNode fiat = expect(201, "POST", "/v1/charges", "{\"amount\": \"12.50\", \"currency\": \"USD\", \"order_id\": 7,"
                + " \"metadata\": {\"cart\": [1, 2]}, \"notif_email\": \"buyer@example.com\", \"callback_url\": \"\"}", key)
                .json().path("data");
        expect(400, "POST", "/v1/charges", "{\"amount\": 10, \"currency\": \"SEK\"}", key);
        expect(200, "GET", "/v2/charge/" + fiat.path("id").asText(), null, key);
        expect(200, "POST", "/simulator/pay/" + fiat.path("hosted_checkout_url").asText().replaceAll(".*/", ""), "", null);
        expect(200, "GET", "/v2/charge/" + fiat.path("id").asText(), null, key);
        expect(404, "GET", "/v2/charge/no-such-charge", null, key);
        expect(200, "GET", "/v1/charges?page=1&page_size=10", null, key);
        expect(400, "GET", "/v1/charges?page=0", null, key);
        String refundTo = TestAddresses.regtest(1);
        expect(404, "POST", "/v1/refunds", "{\"checkout_id\": \"no-such-charge\", \"address\": \"" + refundTo + "\"}", key);
        expect(400, "POST", "/v1/refunds", "{\"checkout_id\": \"" + charge + "\", \"address\": \"" + TestAddresses.mainnet(1) + "\"}", key);
        expect(409, "POST", "/v1/refunds", "{\"checkout_id\": \"" + charge + "\", \"address\": \"" + refundTo + "\"}", key);
        JsonNode underpaid = expect(201, "POST", "/v1/charges", "{\"amount\": 50000}", key).json().path("data");
        String underpaidId = underpaid.path("id").asText();
        expect(200, "POST", "/simulator/onchain/send", "{\"address\": \"" + underpaid.path("address").asText()
                + "\", \"amountSat\": 20000}", null);
        expect(200, "POST", "/simulator/onchain/mine", "{\"blocks\": 1}", null);
        Await.until("an underpaid charge, its output mined", Duration.ofSeconds(15), () -> expect(200, "GET", "/v1/charge/"
                + underpaidId, null, key).json().path("data").path("transactions").path(0).path("status").asText().equals("confirmed"));
        String underpaidHash = underpaid.path("hosted_checkout_url").asText().replaceAll(".*/", "");
        expect(200, "GET", "/checkout/" + underpaidHash + "/state", null, null);
        expect(200, "GET", "/checkout/" + underpaidHash + "/qr/unified.svg", null, null);
        expect(200, "GET", "/checkout/" + underpaidHash + "/qr/onchain.svg", null, null);
        String refundBody = "{\"checkout_id\": \"" + underpaidId + "\", \"address\": \"" + refundTo + "\"}";
        String refund = expect(201, "POST", "/v1/refunds", refundBody, key).json().path("data").path("id").asText();
        expect(200, "POST", "/v1/refunds", refundBody, key);
        expect(200, "GET", "/v1/refund/" + refund, null, key);
        expect(200, "GET", "/v1/charge/" + underpaidId, null, key);
        expect(200, "GET", "/v1/charges", null, key);
        expect(200, "GET", "/v1/refunds", null, key);
        expect(404, "GET", "/v1/refund/no-such-refund", null, key);
        expect(200, "GET", "/v1/rates", null, key);
        expect(200, "GET", "/v1/currencies", null, key);
        expect(401, "GET", "/v1/rates", null, null);

        expect(200, "GET", "/checkout/" + hash, null, null);
        expect(404, "GET", "/checkout/" + "0".repeat(64), null, null);
        expect(200, "GET", "/checkout/" + hash + "/state", null, null);
        expect(404, "GET", "/checkout/" + hash + "/qr/unified.svg", null, null); // a terminal's invoice: Lightning only
        expect(404, "GET", "/checkout/" + hash + "/qr/onchain.svg", null, null);
        expect(404, "POST", "/checkout/" + hash + "/refund", "{}", null);
        expect(200, "GET", "/pos/" + bpt, null, null);
        expect(404, "GET", "/pos/no-such-terminal", null, null);
        expect(200, "GET", "/dashboard/sign-in", null, null);
        expect(401, "POST", "/dashboard/sign-in", "{}", null); // no key in the (form) body
        expect(401, "POST", "/dashboard/sign-out", "{}", null); // no session
        // The shop's dashboard pages, without a session: a GET answers the sign-in page, a POST 401.
        expect(200, "GET", "/dashboard/terminals", null, null);
        expect(401, "POST", "/dashboard/terminals", "{}", null);
        expect(200, "GET", "/dashboard/terminals/" + bpt, null, null);
        expect(401, "POST", "/dashboard/terminals/" + bpt, "{}", null);
        expect(200, "GET", "/dashboard/terminals/" + bpt + "/print", null, null);
        expect(200, "GET", "/dashboard/terminals/" + bpt + "/print-lnurl", null, null);
        expect(200, "GET", "/dashboard/payouts", null, null);
        expect(401, "POST", "/dashboard/payouts", "{}", null);
        expect(200, "GET", "/dashboard/payouts/review", null, null);
        expect(200, "GET", "/dashboard/keys", null, null);
        expect(401, "POST", "/dashboard/keys", "{}", null);
        expect(200, "GET", "/dashboard/keys/" + firstKey + "/revoke", null, null);
        expect(401, "POST", "/dashboard/keys/" + firstKey + "/revoke", "{}", null);
        // The shop's money without a session: the sign-in page (a GET), 401 (a POST).
        expect(200, "GET", "/dashboard", null, null);
        expect(200, "GET", "/dashboard/transactions?status=paid", null, null);
        expect(200, "GET", "/dashboard/transactions.csv?from=2026-11-01&to=2026-11-30", null, null);
        expect(200, "GET", "/dashboard/transactions/1", null, null);
        expect(401, "POST", "/dashboard/transactions/1/redeliver", "{}", null);
        expect(200, "GET", "/dashboard/events", null, null);
        expect(200, "GET", "/pos/" + euroBpt + "/rate", null, null);
        expect(404, "GET", "/pos/" + bpt + "/rate", null, null);
        expect(200, "GET", "/invoice/" + hash + "/qr.svg", null, null);
        expect(200, "GET", "/invoice/" + hash + "/qr.png", null, null);
        expect(404, "GET", "/invoice/" + "0".repeat(64) + "/qr.png", null, null);
        expect(200, "GET", "/assets/till.css", null, null);
        expect(TestDatabase.postgres() ? 409 : 200, "POST", "/admin/backup", "", ADMIN);  // PostgreSQL: pg_dump
        expect(401, "POST", "/admin/backup", "", null);
        expect(200, "GET", "/admin/unmatched-payments", null, ADMIN);
        expect(401, "GET", "/admin/unmatched-payments", null, null);
        expect(200, "GET", "/dashboard/admin", null, null); // no session: the sign-in page
        expect(401, "POST", "/dashboard/admin/accounts", "", null);

        Set<String> missing = new TreeSet<>(contract.operations());
        missing.removeAll(contract.exercised());
        for (String operation : missing) {
            // Documented but not on this server (outgoing payments come with their own feature): must be absent.
            String[] parts = operation.split(" ");
            HttpResponse<String> answer = send(parts[0], parts[1].replaceAll("\\{[^}]+}", "x"), parts[0].equals("POST") ? "{}" : null, ADMIN);
            assertEquals(404, answer.statusCode(), operation + " is documented, exists, and the session never called it");
            assertTrue(answer.body().matches(".*(No such endpoint|Endpoint " + parts[0] + " \\S+ not found).*"), operation + ": " + answer.body());
        }
    }

    @Test
    void webSocketMessagesMatchTheirSchemas() throws Exception {
        TestTill.Shop shop = server.createShop(0);
        String ws = server.url.replace("http://", "ws://");
        try (WsClient socket = new WsClient(ws + "/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=1000")) {
            JsonNode invoice = socket.next(Duration.ofSeconds(10));
            contract.validate("Invoice", invoice);
            try (WsClient status = new WsClient(ws + "/invoice/" + invoice.get("invoiceHash").asText() + "/ws")) {
                contract.validate("InvoiceStatus", status.next(Duration.ofSeconds(10)));
                server.pay(invoice.get("invoiceHash").asText());
                contract.validate("InvoiceStatus", status.next(Duration.ofSeconds(10)));
            }
            JsonNode paid = socket.next(Duration.ofSeconds(10));
            contract.validate("Transaction", paid);
            assertTrue(paid.get("isPaid").asBoolean());
        }
        try (WsClient priced = new WsClient(ws + "/invoice/add?bpt_id=" + shop.bptId() + "&amount_fiat=4.50&currency=EUR")) {
            contract.validate("Invoice", priced.next(Duration.ofSeconds(10)));
        }
        try (WsClient refused = new WsClient(ws + "/invoice/add?bpt_id=nope&amount_msat=1000")) {
            contract.validate("Error", refused.next(Duration.ofSeconds(10)));
        }
        assertFalse(contract.operations().contains("GET /invoice/add"), "WebSockets are checked here, by their messages");
    }

    private static Call expect(int status, String method, String path, String body, String key) {
        Call call = call(method, path, body, key);
        assertEquals(status, call.status(), method + " " + path + ": " + call.json());
        return call;
    }

    /** Sends a request and holds the answer to the description. */
    private static Call call(String method, String path, String body, String key) {
        HttpResponse<String> response = send(method, path, body, key);
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        contract.check(method, path, response.statusCode(), contentType, response.body());
        JsonNode json = null;
        if (contentType != null && contentType.startsWith("application/json")) {
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return new Call(response.statusCode(), json);
    }

    private static HttpResponse<String> send(String method, String path, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", key);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
