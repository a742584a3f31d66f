package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;

/** Malformed requests get a clear 4xx JSON error, never a 5xx, and write nothing. */
class BadInputTest {
    static TestTill server;
    static Shop shop;
    static Shop other;

    @BeforeAll
    static void start() {
        server = TestTill.start();
        shop = server.createShop(0);
        other = server.createShop(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> badInvoices() {
        String bpt = shop.bptId();
        return Stream.of(
                Arguments.of("missing bptId", "{\"amountMsat\": 1000}", 400, "missing_field", "bptId"),
                Arguments.of("missing amount", "{\"bptId\": \"" + bpt + "\"}", 400, "missing_field", "amountMsat"),
                Arguments.of("amount as string", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": \"1000\"}", 400, "invalid_field", "amountMsat"),
                Arguments.of("amount zero", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 0}", 400, "invalid_field", "amountMsat"),
                Arguments.of("amount negative", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": -1000}", 400, "invalid_field", "amountMsat"),
                Arguments.of("amount fractional", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 1000.5}", 400, "invalid_field", "amountMsat"),
                Arguments.of("amount with exponent", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 1e3}", 400, "invalid_field", "amountMsat"),
                Arguments.of("amount huge", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 99999999999999999999999}", 400, "invalid_field", "amountMsat"),
                Arguments.of("amount above 21M BTC", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 9000000000000000000}", 400, "invalid_field", "amountMsat"),
                Arguments.of("amount boolean", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": true}", 400, "invalid_field", "amountMsat"),
                Arguments.of("amount null", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": null}", 400, "missing_field", "amountMsat"),
                Arguments.of("bptId as number", "{\"bptId\": 12, \"amountMsat\": 1000}", 400, "invalid_field", "bptId"),
                Arguments.of("51-character tag", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 1000, \"tag\": \"" + "t".repeat(51) + "\"}", 400, "invalid_field", "tag"),
                Arguments.of("tag as number", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 1000, \"tag\": 5}", 400, "invalid_field", "tag"),
                Arguments.of("expiration as string", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 1000, \"expiration\": \"60\"}", 400, "invalid_field", "expiration"),
                Arguments.of("webhook not http", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 1000, \"webhookUrl\": \"javascript:alert(1)\"}", 400, "invalid_field", "webhookUrl"),
                Arguments.of("webhook without host", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 1000, \"webhookUrl\": \"http://\"}", 400, "invalid_field", "webhookUrl"),
                Arguments.of("unknown bptId", "{\"bptId\": \"nope\", \"amountMsat\": 1000}", 404, "bpt_not_found", "bptId"),
                Arguments.of("bad JSON", "{\"bptId\": ", 400, "invalid_json", null),
                Arguments.of("JSON array", "[1, 2]", 400, "invalid_json", null),
                Arguments.of("JSON string", "\"hello\"", 400, "invalid_json", null),
                Arguments.of("empty body", "", 400, "invalid_json", null),
                Arguments.of("trailing garbage", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 1000} x", 400, "invalid_json", null),
                Arguments.of("duplicate field", "{\"bptId\": \"" + bpt + "\", \"amountMsat\": 1000, \"amountMsat\": 5}", 400, "invalid_json", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInvoices")
    void badInvoiceRequestsAreRefusedAndWriteNothing(String name, String body, int status, String code, String field) {
        long before = transactionCount();
        Response response = server.post("/invoice/add", body, null);
        assertRefused(response, status, code, field);
        assertEquals(before, transactionCount(), "nothing written for " + name);
    }

    @Test
    void oversizedBodyIs413() {
        long before = transactionCount();
        String body = "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 1000, \"tag\": \"" + "x".repeat(100_000) + "\"}";
        assertRefused(server.post("/invoice/add", body, null), 413, "body_too_large");
        assertEquals(before, transactionCount());
    }

    @Test
    void badAccountRequestsWriteNothing() {
        int accounts = server.get("/accounts", TestTill.ADMIN_KEY).json().size();
        String name = "{\"name\": \"x\"}";
        assertRefused(server.post("/accounts", name, null), 401, "unauthorized");
        assertRefused(server.post("/accounts", name, "wrong-key"), 401, "unauthorized");
        assertRefused(server.post("/accounts", name, shop.apiKey()), 403, "forbidden");
        assertRefused(server.post("/accounts", "{}", TestTill.ADMIN_KEY), 400, "missing_field", "name");
        assertRefused(server.post("/accounts", "{\"name\": \"" + "n".repeat(101) + "\"}", TestTill.ADMIN_KEY), 400, "invalid_field", "name");
        for (String feePpm : new String[] {"-1", "1000001", "\"5\"", "0.5"}) {
            assertRefused(server.post("/accounts", "{\"name\": \"x\", \"feePpm\": " + feePpm + "}", TestTill.ADMIN_KEY),
                    400, "invalid_field", "feePpm");
        }
        assertEquals(accounts, server.get("/accounts", TestTill.ADMIN_KEY).json().size());

        int bpts = server.get("/accounts/" + shop.accountId() + "/bpts", shop.apiKey()).json().size();
        assertRefused(server.post("/accounts/" + shop.accountId() + "/bpts", "{\"name\": \"x\"}", other.apiKey()), 403, "forbidden");
        assertRefused(server.post("/accounts/" + shop.accountId() + "/bpts", "{\"name\": \"x\", \"splitBitcoinPercentage\": 101}", shop.apiKey()), 400,
                "invalid_field", "splitBitcoinPercentage");
        assertRefused(server.post("/accounts/" + shop.accountId() + "/bpts", "{\"name\": \"\"}", shop.apiKey()), 400, "missing_field", "name");
        assertRefused(server.post("/accounts/" + shop.accountId() + "/bpts", "not json", shop.apiKey()), 400, "invalid_json");
        assertRefused(server.post("/accounts/nope/bpts", "{\"name\": \"x\"}", TestTill.ADMIN_KEY), 404, "account_not_found");
        assertEquals(bpts, server.get("/accounts/" + shop.accountId() + "/bpts", shop.apiKey()).json().size());
    }

    @Test
    void wrongMethodsAndBadPathsAreJson() {
        assertRefused(server.get("/invoice/from-bolt11/lnbcrt1notaninvoice", shop.apiKey()), 400, "bolt11_invalid", "bolt11");
        assertRefused(server.get("/transactions?after=-3", shop.apiKey()), 400, "invalid_field", "after");
        assertRefused(server.get("/transactions?limit=0", shop.apiKey()), 400, "invalid_field", "limit");
        assertRefused(server.post("/simulator/pay/" + "00".repeat(32), "", null), 404, "not_found");
        Response put = TestTill.send(HttpRequest.newBuilder(URI.create(server.url + "/invoice/add"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")), null);
        assertRefused(put, 404, "not_found"); // Javalin answers an unrouted method like an unknown path
    }

    private static void assertRefused(Response response, int status, String code) {
        assertRefused(response, status, code, null);
    }

    /** The exact status, code and (when one field is at fault) field of a JSON error with a sentence for humans. */
    private static void assertRefused(Response response, int status, String code, String field) {
        assertEquals(status, response.status(), response.body());
        JsonNode json = response.json();
        assertNotNull(json, "JSON error body expected, got: " + response.body());
        assertTrue(json.hasNonNull("error"), response.body());
        assertEquals(code, response.text("code"), response.body());
        if (field != null) {
            assertEquals(field, response.text("field"), response.body());
        }
    }

    private static long transactionCount() {
        return server.get("/transactions?limit=500", TestTill.ADMIN_KEY).json().get("data").size();
    }
}
