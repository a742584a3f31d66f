package till.node.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator accepts the real node's recorded answers and catches what the schemas forbid. */
class ClnSchemaValidatorTest {
    private static JsonNode schema(String method) throws Exception {
        try (InputStream in = ClnSchemaValidatorTest.class.getResourceAsStream("/cln/" + method + ".json")) {
            return SimHttp.JSON.readTree(in);
        }
    }

    @Test
    void acceptsEveryRecordedSuccessOfTheCopiedSchemas() throws Exception {
        int checked = 0;
        for (ClnExamples.Exchange e : ClnExamples.load(SimHttp.JSON)) {
            if (e.status() == 201 && ClnSchemaValidatorTest.class.getResource("/cln/" + e.rpcMethod() + ".json") != null) {
                JsonNode schema = schema(e.rpcMethod());
                assertEquals(List.of(), ClnSchemaValidator.validate(schema.get("response"), e.response()), e.title());
                assertEquals(List.of(), ClnSchemaValidator.validate(schema.get("request"),
                        SimHttp.JSON.readTree(e.requestBody())), e.title());
                checked++;
            }
        }
        assertTrue(checked >= 10, "checked " + checked);
    }

    @Test
    void catchesMissingPaidFieldsUnknownMembersAndBadTypes() throws Exception {
        JsonNode response = schema("listinvoices").get("response");
        ObjectNode paid = (ObjectNode) SimHttp.JSON.readTree("""
                {"invoices": [{"label": "a", "payment_hash": "%s", "status": "paid", "expires_at": 1,
                  "created_index": 1, "pay_index": 1, "amount_received_msat": 5, "paid_at": 2}]}""".formatted("ab".repeat(32)));
        assertTrue(String.join(";", ClnSchemaValidator.validate(response, paid)).contains("missing required payment_preimage"));

        JsonNode unpaidWithPayIndex = SimHttp.JSON.readTree("""
                {"invoices": [{"label": "a", "payment_hash": "%s", "status": "unpaid", "expires_at": 1,
                  "created_index": 1, "pay_index": 1}]}""".formatted("ab".repeat(32)));
        assertTrue(String.join(";", ClnSchemaValidator.validate(response, unpaidWithPayIndex)).contains("unexpected member pay_index"));

        JsonNode badHash = SimHttp.JSON.readTree("""
                {"invoices": [{"label": "a", "payment_hash": "xyz", "status": "unpaid", "expires_at": -1, "created_index": 1}]}""");
        assertEquals(2, ClnSchemaValidator.validate(response, badHash).size());

        JsonNode request = schema("invoice").get("request");
        assertEquals(List.of(), ClnSchemaValidator.validate(request,
                SimHttp.JSON.readTree("{\"amount_msat\": \"any\", \"label\": 7, \"description\": \"d\"}")));
        assertEquals(1, ClnSchemaValidator.validate(request,
                SimHttp.JSON.readTree("{\"amount_msat\": 1, \"label\": true, \"description\": \"d\"}")).size());
    }
}
