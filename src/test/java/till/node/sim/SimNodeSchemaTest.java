package till.node.sim;

import till.TestInvoices;
import till.TillClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the simulated node through a scripted session and holds every request and success answer to Core
 * Lightning's schemas, and every answer's member names to the real node's recorded answers.
 */
class SimNodeSchemaTest {
    @TempDir
    Path dir;
    private final Map<String, JsonNode> schemas = new HashMap<>();
    private SimHttp http;
    private int validated;

    @Test
    void scriptedSessionConformsToSchemasAndRealAnswers() throws Exception {
        try (SimNode node = SimNode.start(0, dir)) {
            http = new SimHttp(node);
            Map<String, JsonNode> real = realAnswers();

            assertSameShape(real.get("getinfo"), call("getinfo", "{}"));

            JsonNode created = call("invoice", "{\"amount_msat\": 150000, \"label\": \"lab-1\", \"description\": \"lab coffee\"}");
            assertSameShape(real.get("invoice"), created);
            call("invoice", "{\"amount_msat\": \"any\", \"label\": 42, \"description\": \"tip\", \"expiry\": 3600}");
            assertEquals("unpaid", call("delinvoice", "{\"label\": 42, \"status\": \"unpaid\"}").get("status").asText());
            assertRpcError("delinvoice", "{\"label\": 42, \"status\": \"unpaid\"}", "{\"code\": 905, \"message\": \"Unknown invoice\"}");
            String hash = created.get("payment_hash").asText();
            String bolt11 = created.get("bolt11").asText();

            JsonNode unpaid = call("listinvoices", "{\"label\": \"lab-1\"}");
            assertSameShape(real.get("listinvoices/unpaid"), unpaid.at("/invoices/0"));
            call("listinvoices", "{}");
            call("listinvoices", "{\"invstring\": \"" + bolt11 + "\"}");
            call("listinvoices", "{\"index\": \"created\", \"start\": 1, \"limit\": 1}");

            node.pay(hash, null);
            assertRpcError("delinvoice", "{\"label\": \"lab-1\", \"status\": \"unpaid\"}", "{\"code\": 906, "
                    + "\"message\": \"Invoice status is paid not unpaid\", "
                    + "\"data\": {\"current_status\": \"paid\", \"expected_status\": \"unpaid\"}}");

            JsonNode paid = call("listinvoices", "{\"payment_hash\": \"" + hash + "\"}");
            assertSameShape(real.get("listinvoices/paid"), paid.at("/invoices/0"));
            call("listinvoices", "{\"index\": \"updated\", \"start\": 1}");
            assertSameShape(real.get("waitanyinvoice"), call("waitanyinvoice", "{\"lastpay_index\": 0, \"timeout\": 5}"));
            assertSameShape(real.get("waitinvoice"), call("waitinvoice", "{\"label\": \"lab-1\"}"));
            assertSameShape(real.get("decode"), call("decode", "{\"string\": \"" + bolt11 + "\"}"));

            String external = TestInvoices.external(250_000L);
            String externalHash = TestInvoices.paymentHash(external);
            assertSameShape(real.get("pay"), call("pay", "{\"bolt11\": \"" + external + "\", \"maxfee\": 5000, \"retry_for\": 30}"));
            assertEquals("complete", call("pay", "{\"bolt11\": \"" + external + "\"}").get("status").asText());
            assertSameShape(real.get("listpays"), call("listpays", "{\"bolt11\": \"" + external + "\"}"));
            call("listpays", "{\"payment_hash\": \"" + externalHash + "\", \"status\": \"complete\"}");
            node.payBehaviour(new SimPayRule(7000L, null, 205, 0));
            JsonNode failing = SimHttp.JSON.readTree("{\"bolt11\": \"" + TestInvoices.external(7000L) + "\"}");
            assertValid("pay", "request", failing);
            TillClient.Response failed = http.rpc("pay", failing);
            assertEquals(500, failed.status());
            assertEquals(205, failed.json().get("code").asInt());
            assertEquals("failed", call("listpays", "{\"status\": \"failed\"}").at("/pays/0/status").asText());

            JsonNode timeoutRequest = SimHttp.JSON.readTree("{\"lastpay_index\": 1, \"timeout\": 0}");
            assertValid("waitanyinvoice", "request", timeoutRequest);
            TillClient.Response timedOut = http.rpc("waitanyinvoice", timeoutRequest);
            assertEquals(500, timedOut.status());
            assertEquals(SimHttp.JSON.readTree(
                    "{\"code\": 904, \"message\": \"Timed out while waiting for invoice to be paid\"}"), timedOut.json());
        }
        assertEquals(40, validated, "requests and answers checked against schemas");
    }

    /** A request valid for the method's schema that the node refuses as Core Lightning does: HTTP 500 and this error. */
    private void assertRpcError(String method, String body, String error) throws Exception {
        JsonNode request = SimHttp.JSON.readTree(body);
        assertValid(method, "request", request);
        TillClient.Response answer = http.rpc(method, request);
        assertEquals(500, answer.status(), answer.body());
        assertEquals(SimHttp.JSON.readTree(error), answer.json());
    }

    /** Sends a request valid for the method's schema and checks the 201 answer against it. */
    private JsonNode call(String method, String body) throws Exception {
        JsonNode request = SimHttp.JSON.readTree(body);
        assertValid(method, "request", request);
        TillClient.Response answer = http.rpc(method, request);
        assertEquals(201, answer.status(), method + " " + body + " -> " + answer.body());
        assertValid(method, "response", answer.json());
        return answer.json();
    }

    private void assertValid(String method, String part, JsonNode value) throws IOException {
        List<String> errors = ClnSchemaValidator.validate(schema(method).get(part), value);
        assertTrue(errors.isEmpty(), method + " " + part + " " + value + ": " + errors);
        validated++;
    }

    private JsonNode schema(String method) throws IOException {
        if (!schemas.containsKey(method)) {
            try (InputStream in = getClass().getResourceAsStream("/cln/" + method + ".json")) {
                schemas.put(method, SimHttp.JSON.readTree(in));
            }
        }
        return schemas.get(method);
    }

    /** The real node's successful answers by method (listinvoices entries by status). */
    private static Map<String, JsonNode> realAnswers() throws IOException {
        Map<String, JsonNode> real = new HashMap<>();
        for (ClnExamples.Exchange e : ClnExamples.load(SimHttp.JSON)) {
            if (e.status() != 201) {
                continue;
            }
            if (e.rpcMethod().equals("listinvoices")) {
                JsonNode entry = e.response().at("/invoices/0");
                real.putIfAbsent("listinvoices/" + entry.get("status").asText(), entry);
            } else {
                real.putIfAbsent(e.rpcMethod(), e.response());
            }
        }
        return real;
    }

    /** Same member names at every level (first element of arrays); the real node's situational warnings aside. */
    private static void assertSameShape(JsonNode real, JsonNode ours) {
        assertEquals(shape(real), shape(ours));
    }

    private static Object shape(JsonNode v) {
        if (v.isObject()) {
            Map<String, Object> members = new TreeMap<>();
            for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.startsWith("warning_")) {
                    members.put(name, shape(v.get(name)));
                }
            }
            return members;
        }
        if (v.isArray()) {
            return v.isEmpty() ? List.of() : List.of(shape(v.get(0)));
        }
        return v.getNodeType().toString();
    }
}
