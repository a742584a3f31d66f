package till.node.sim;

import till.TillClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.bolt11.Bolt11;

/** HTTP-level behaviour of the simulated node, held to the real node's recorded answers. */
class SimNodeProtocolTest {
    /** Recorded errors that need the recording node's own invoices and channels. */
    private static final Set<String> NOT_REPRODUCIBLE = Set.of("alice pays her own (already paid) invoice",
            "pay an invoice bigger than the channel can carry (REST)");

    @TempDir
    Path dir;
    private SimNode node;
    private SimHttp http;

    @BeforeEach
    void start() {
        node = SimNode.start(0, dir);
        http = new SimHttp(node);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void answersRecordedErrorRequestsExactlyLikeTheRealNode() throws Exception {
        // The duplicate-label case needs the label from section 2 to exist.
        assertEquals(201, http.rpc("invoice",
                "{\"amount_msat\": 150000, \"label\": \"lab-inv-1795483271\", \"description\": \"x\"}").status());
        List<ClnExamples.Exchange> errors = ClnExamples.load(SimHttp.JSON).stream()
                .filter(e -> e.status() >= 400 && !NOT_REPRODUCIBLE.contains(e.title()))
                .filter(e -> e.rune() == null || e.rune().equals("$CLN_RUNE"))
                .toList();
        assertTrue(errors.size() >= 7, "recorded error cases found: " + errors.size());

        for (ClnExamples.Exchange e : errors) {
            TillClient.Response answer = http.post("/v1/" + e.rpcMethod(), e.rune() == null ? null : "sim-rune",
                    e.jsonContentType(), e.requestBody());
            assertEquals(e.status(), answer.status(), e.title());
            assertEquals(e.response(), answer.json(), e.title());
        }
    }

    @Test
    void getIsNotAllowed() throws Exception {
        TillClient.Response answer = http.get("/v1/getinfo");

        assertEquals(405, answer.status());
        assertEquals("{\"message\": \"The method is not allowed for the requested URL.\"}", answer.body());
    }

    @Test
    void acceptsClnAmountStringsIntegerLabelsAndPositionalParams() throws Exception {
        assertEquals(10_000, created("{\"amount_msat\": \"10sat\", \"label\": 42, \"description\": \"x\"}"));
        assertEquals(1_000, created("{\"amount_msat\": \"1000msat\", \"label\": \"b\", \"description\": \"x\"}"));
        assertEquals(1_500, created("{\"amount_msat\": \"1.500sat\", \"label\": \"c\", \"description\": \"x\"}"));
        assertEquals(10_000, created("{\"amount_msat\": \"0.00000010btc\", \"label\": \"d\", \"description\": \"x\"}"));
        assertEquals(2_000, created("[2000, \"e\", \"positional\"]"));

        TillClient.Response byLabel = http.rpc("listinvoices", "{\"label\": 42}");
        assertEquals("42", byLabel.json().at("/invoices/0/label").asText());
        assertTrue(byLabel.json().at("/invoices/0/label").isTextual());
    }

    private long created(String body) throws Exception {
        TillClient.Response answer = http.rpc("invoice", body);
        assertEquals(201, answer.status(), answer.body());
        return Bolt11.decode(answer.json().get("bolt11").asText()).amountMsat();
    }

    @Test
    void anyAmountInvoiceNeedsAnAmountToBePaid() throws Exception {
        TillClient.Response created = http.rpc("invoice", "{\"amount_msat\": \"any\", \"label\": \"tip\", \"description\": \"tip\"}");
        String hash = created.json().get("payment_hash").asText();

        TillClient.Response listed = http.rpc("listinvoices", "{\"label\": \"tip\"}");
        assertFalse(listed.json().at("/invoices/0").has("amount_msat"));
        assertEquals(400, http.post("/simulator/pay/" + hash, null, true, "").status());

        TillClient.Response paid = http.post("/simulator/pay/" + hash, null, true, "{\"amount_msat\": 777}");
        assertEquals(200, paid.status());
        assertEquals(777, paid.json().get("amount_received_msat").asLong());
    }

    @Test
    void simulatorPayAnswersLikeListinvoicesAndRefusesRepeats() throws Exception {
        String hash = http.rpc("invoice", "{\"amount_msat\": 5000, \"label\": \"p\", \"description\": \"d\"}")
                .json().get("payment_hash").asText();

        TillClient.Response paid = http.post("/simulator/pay/" + hash, null, true, "{\"amountMsat\": 6000}");
        assertEquals(200, paid.status());
        assertEquals("paid", paid.json().get("status").asText());
        assertEquals(6000, paid.json().get("amount_received_msat").asLong());
        assertEquals(http.rpc("listinvoices", "{\"label\": \"p\"}").json().at("/invoices/0"), paid.json());

        TillClient.Response again = http.post("/simulator/pay/" + hash, null, true, null);
        assertEquals(409, again.status());
        assertEquals("already_paid", again.json().get("code").asText());
        assertNotNull(again.json().get("error"));

        TillClient.Response unknown = http.post("/simulator/pay/" + "00".repeat(32), null, true, null);
        assertEquals(404, unknown.status());
        assertEquals("unknown_invoice", unknown.json().get("code").asText());
    }

    @Test
    void expiredInvoicesShowAsExpiredAndCannotBePaid() throws Exception {
        // Restart the node with a clock two seconds ahead, so the one-second invoice has expired.
        node.close();
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2));
        String hash;
        try (SimNode past = SimNode.start(0, dir)) {
            hash = new SimHttp(past).rpc("invoice",
                    "{\"amount_msat\": 1000, \"label\": \"exp\", \"description\": \"expires\", \"expiry\": 1}")
                    .json().get("payment_hash").asText();
        }
        node = SimNode.start(0, dir, later);
        http = new SimHttp(node);

        assertEquals("expired", http.rpc("listinvoices", "{\"label\": \"exp\"}").json().at("/invoices/0/status").asText());
        TillClient.Response pay = http.post("/simulator/pay/" + hash, null, true, null);
        assertEquals(409, pay.status());
        assertEquals("expired", pay.json().get("code").asText());
        TillClient.Response wait = http.rpc("waitinvoice", "{\"label\": \"exp\"}");
        assertEquals(500, wait.status());
        assertEquals(903, wait.json().get("code").asInt());
    }

    @Test
    void rejectsUnknownParametersAndBadIndexes() throws Exception {
        TillClient.Response unknown = http.rpc("listinvoices", "{\"nope\": 1}");
        assertEquals(500, unknown.status());
        assertEquals(-32602, unknown.json().get("code").asInt());
        assertTrue(unknown.json().get("message").asText().startsWith("unknown parameter: nope,"));

        assertEquals(-32602, http.rpc("waitanyinvoice", "{\"lastpay_index\": -1}").json().get("code").asInt());
        assertEquals(-1, http.rpc("waitinvoice", "{\"label\": \"missing\"}").json().get("code").asInt());
    }
}
