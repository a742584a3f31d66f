package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;

/**
 * Text fields are measured in the unit their columns use (UTF-16 units) and in the bytes a bolt11 description may
 * hold, and refuse control and format characters; every refusal comes before the node is asked for an invoice.
 */
class TextFieldsTest {
    private static final String EMOJI = "\uD83D\uDE00"; // one code point, two UTF-16 units, four UTF-8 bytes
    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // joined with U+200D

    static TestTill server;
    static TillClient node;
    static Shop shop;

    @BeforeAll
    static void start() {
        server = TestTill.start();
        node = new TillClient(server.till.simNode().baseUrl());
        shop = server.createShop(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("26 emoji in tag", invoice("\"tag\": " + quoted(EMOJI.repeat(26))), "tag"),
                Arguments.of("NUL in tag", invoice("\"tag\": \"a\\u0000b\""), "tag"),
                Arguments.of("CR/LF in tag", invoice("\"tag\": \"a\\r\\nb\""), "tag"),
                Arguments.of("right-to-left override in tag", invoice("\"tag\": \"abc\\u202Egpj.exe\""), "tag"),
                Arguments.of("bidi isolate in tag", invoice("\"tag\": \"\\u2066x\""), "tag"),
                Arguments.of("lone surrogate in tag", invoice("\"tag\": \"a\\uD800b\""), "tag"),
                Arguments.of("line separator in tag", invoice("\"tag\": \"a\\u2028b\""), "tag"),
                Arguments.of("251 emoji in webhookSecret",
                        invoice("\"webhookSecret\": " + quoted("whsec_" + EMOJI.repeat(251))), "webhookSecret"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedBeforeTheNodeSignsAnything(String name, String body, String field) {
        int nodeInvoices = nodeInvoiceCount();
        Response response = server.post("/invoice/add", body, null);
        assertEquals(400, response.status(), response.body());
        assertEquals("invalid_field", response.text("code"), response.body());
        assertEquals(field, response.text("field"), response.body());
        assertEquals(nodeInvoices, nodeInvoiceCount(), "the node was asked for an invoice");
    }

    @Test
    void textAtTheLimitsIsAccepted() {
        assertEquals(201, server.post("/invoice/add", invoice("\"tag\": " + quoted(EMOJI.repeat(25))), null).status());
        Response family = server.post("/invoice/add", invoice("\"tag\": " + quoted(FAMILY)), null);
        assertEquals(201, family.status(), family.body());
        assertEquals(FAMILY, server.get("/transaction/" + family.text("id"), TestTill.ADMIN_KEY).text("tag"));
    }

    @Test
    void namesRefuseControlCharacters() {
        Response account = server.post("/accounts", "{\"name\": \"Shop\\nFAKE LOG LINE\"}", TestTill.ADMIN_KEY);
        assertEquals(400, account.status(), account.body());
        assertEquals("name", account.text("field"));
        Response bpt = server.post("/accounts/" + shop.accountId() + "/bpts", "{\"name\": \"Counter\\u202E\"}", shop.apiKey());
        assertEquals(400, bpt.status(), bpt.body());
        assertEquals("name", bpt.text("field"));
    }

    @Test
    void aChargeDescriptionIsMeasuredInTheBytesOfABolt11() {
        int nodeInvoices = nodeInvoiceCount();
        // 500 characters fit the column; 1,000 bytes do not fit a bolt11 description.
        Response tooLong = charge("\u00e9".repeat(500));
        assertEquals(400, tooLong.status(), tooLong.body());
        assertEquals("description", tooLong.text("field"));
        Response override = charge("Invoice \u202Efdp.exe");
        assertEquals(400, override.status(), override.body());
        assertEquals(nodeInvoices, nodeInvoiceCount(), "the node was asked for an invoice");

        Response fits = charge("\u00e9".repeat(319) + "x"); // 639 bytes
        assertEquals(201, fits.status(), fits.body());
    }

    @Test
    void theSimulatedNodeRefusesDescriptionsAsCoreLightningDoes() {
        Response refused = node.rpc("invoice", "{\"amount_msat\": 1000, \"label\": \"long\", \"description\": "
                + quoted("x".repeat(640)) + "}");
        assertEquals(500, refused.status(), refused.body());
        assertEquals(-32602, refused.json().get("code").asInt());
        assertTrue(refused.text("message").startsWith("Descriptions greater than 640 bytes not yet supported"), refused.body());
        Response fits = node.rpc("invoice", "{\"amount_msat\": 1000, \"label\": \"fits\", \"description\": "
                + quoted("x".repeat(639)) + "}");
        assertEquals(201, fits.status(), fits.body());
    }

    private static Response charge(String description) {
        return server.post("/v1/charges", "{\"amount\": 10, \"description\": " + quoted(description) + "}", shop.apiKey());
    }

    private static int nodeInvoiceCount() {
        return node.rpc("listinvoices", "{}").json().get("invoices").size();
    }

    private static String invoice(String fields) {
        return "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 1000, " + fields + "}";
    }

    private static String quoted(String text) {
        try {
            return TillClient.JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
