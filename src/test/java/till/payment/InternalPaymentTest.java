package till.payment;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WsClient;
import till.store.Database;

/** A bolt11 of this Till paid by one of its accounts moves the money inside the database, never via the node. */
class InternalPaymentTest {
    private static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void movesTheMoneyBetweenTwoAccountsAndSettlesTheInvoiceWithItsWebhookAndSocketMessage() throws Exception {
        Shop payer = server.createShop(0);
        server.fund(payer, 50_000);
        Shop seller = server.createShop(10_000);
        Response invoice = server.post("/invoice/add", "{\"bptId\": \"" + seller.bptId() + "\", \"amountMsat\": 20000, "
                + "\"webhookUrl\": \"http://127.0.0.1:9/hook\", \"webhookSecret\": \"s3cret\"}", null);
        String hash = invoice.text("invoiceHash");
        try (WsClient status = new WsClient(server.url.replace("http", "ws") + "/invoice/" + hash + "/ws")) {
            assertEquals("unpaid", status.next(Duration.ofSeconds(10)).get("status").asText());

            Response paid = server.payBolt11(payer, invoice.text("bolt11"));
            assertEquals(200, paid.status(), paid.body());
            assertEquals("succeeded", paid.text("status"));
            assertEquals(0, paid.json().get("feeMsat").asLong());
            assertEquals(20_000, paid.json().get("amountMsat").asLong());

            assertEquals("paid", status.next(Duration.ofSeconds(10)).get("status").asText());
        }
        assertEquals(30_000, server.balance(payer));
        assertEquals(20_000 - 200, server.balance(seller), "credited like any payment, minus the seller's fee");
        JsonNode transaction = server.get("/invoice/from-hash/" + hash, seller.apiKey()).json();
        assertEquals("paid", transaction.get("status").asText());
        assertEquals(19_800, transaction.get("receivedMsat").asLong());
        server.assertLedgerMatches(payer);
        server.assertLedgerMatches(seller);

        try (Database database = TestDatabase.open(server.dataDir)) {
            List<Map<String, Object>> deliveries = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT url, body, status FROM webhook_delivery WHERE transaction_id = "
                    + "(SELECT id FROM transactions WHERE invoice_hash = :hash)").bind("hash", hash).mapToMap().list());
            assertEquals(1, deliveries.size(), "the receiver's webhook is queued with the settlement");
            assertEquals("http://127.0.0.1:9/hook", deliveries.get(0).get("url"));
            assertTrue(deliveries.get(0).get("body").toString().contains("\"secret\":\"s3cret\""));
            assertEquals("pending", deliveries.get(0).get("status"));
        }
        assertEquals(0, nodeInvoices(hash).size(), "the node's invoice was deleted before the settlement");
    }

    private static JsonNode nodeInvoices(String hash) {
        return new TillClient(server.till.simNode().baseUrl()).rpc("listinvoices", "{\"payment_hash\": \"" + hash + "\"}")
                .json().get("invoices");
    }

    @Test
    void anInvoiceSettledInternallyCanNoLongerBePaidOnTheNode() {
        Shop payer = server.createShop(0);
        server.fund(payer, 10_000);
        Shop seller = server.createShop(0);
        JsonNode invoice = server.createInvoice(seller, 4000);
        String hash = invoice.get("invoiceHash").asText();
        assertEquals("succeeded", server.payBolt11(payer, invoice.get("bolt11").asText()).text("status"));

        Response wallet = server.pay(hash);
        assertTrue(wallet.status() >= 400, "a customer's wallet can no longer pay it: " + wallet.status() + " " + wallet.body());
        assertEquals(0, nodeInvoices(hash).size());
        assertEquals(6000, server.balance(payer));
        assertEquals(4000, server.balance(seller), "credited once");
        for (JsonNode unmatched : server.get("/admin/unmatched-payments", TestTill.ADMIN_KEY).json()) {
            assertNotEquals(hash, unmatched.get("invoiceHash").asText(), "no money arrived for it on the node");
        }
        server.assertLedgerMatches(seller);
    }

    @Test
    void anInvoiceAlreadyPaidIsAConflictAndTheSamePayerGetsItsFirstPayment() {
        Shop first = server.createShop(0);
        server.fund(first, 10_000);
        Shop second = server.createShop(0);
        server.fund(second, 10_000);
        Shop seller = server.createShop(0);
        String bolt11 = server.createInvoice(seller, 3000).get("bolt11").asText();

        Response paid = server.payBolt11(first, bolt11);
        assertEquals("succeeded", paid.text("status"), paid.body());
        assertEquals(paid.json(), server.payBolt11(first, bolt11).json());
        Response conflict = server.payBolt11(second, bolt11);
        assertEquals(409, conflict.status());
        assertEquals("invoice_already_paid", conflict.text("code"));

        // Paid from outside (the simulated payer), then by an account: a conflict as well.
        String other = server.createInvoice(seller, 4000).get("invoiceHash").asText();
        server.pay(other);
        String otherBolt11 = server.get("/invoice/from-hash/" + other, seller.apiKey()).text("bolt11");
        assertEquals("invoice_already_paid", server.payBolt11(second, otherBolt11).text("code"));

        assertEquals(7000, server.balance(first));
        assertEquals(10_000, server.balance(second));
        assertEquals(7000, server.balance(seller));
        server.assertLedgerMatches(seller);
    }

    @Test
    void anAccountCannotPayItsOwnInvoice() {
        Shop shop = server.createShop(0);
        server.fund(shop, 10_000);
        Response refused = server.payBolt11(shop, server.createInvoice(shop, 1000).get("bolt11").asText());
        assertEquals(422, refused.status());
        assertEquals("own_invoice", refused.text("code"));
        assertEquals(10_000, server.balance(shop));
    }

    @Test
    void anInternalPaymentTheBalanceCannotCoverIsRefused() {
        Shop payer = server.createShop(0);
        server.fund(payer, 1000);
        Shop seller = server.createShop(0);
        Response refused = server.payBolt11(payer, server.createInvoice(seller, 1001).get("bolt11").asText());
        assertEquals(422, refused.status());
        assertEquals("insufficient_balance", refused.text("code"));
        assertEquals(1000, server.balance(payer));
        assertEquals(0, server.balance(seller));
    }
}
