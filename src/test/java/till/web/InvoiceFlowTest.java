package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.bolt11.Bolt11;
import till.bolt11.Bolt11Invoice;
import till.bolt11.Network;

/** Receiving end to end over real HTTP: accounts, terminals, invoices, payment, reads. */
class InvoiceFlowTest {
    static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void invoiceIsARealRegtestBolt11WithTheRequestedFields() {
        Shop shop = server.createShop(0);
        Response created = server.post("/invoice/add",
                "{\"bpt_id\": \"" + shop.bptId() + "\", \"amount_msat\": 150000, \"tag\": \"lab coffee\", \"expiration\": 120}", null);
        assertEquals(201, created.status(), created.body());
        JsonNode invoice = created.json();
        String bolt11 = invoice.get("bolt11").asText();
        assertTrue(bolt11.startsWith("lnbcrt1500n1"), bolt11);

        Bolt11Invoice decoded = Bolt11.decode(bolt11);
        assertEquals(Network.REGTEST, decoded.network());
        assertEquals(150000L, decoded.amountMsat());
        assertEquals("lab coffee", decoded.description());
        assertEquals(120, decoded.expirySeconds());
        assertEquals(invoice.get("invoiceHash").asText(), decoded.paymentHash());
        assertEquals(server.till.simNode().nodeId(), decoded.payeeNodeId());

        assertEquals("unpaid", invoice.get("status").asText());
        assertEquals(shop.bptId(), invoice.get("bptId").asText());
        assertEquals(shop.accountId(), invoice.get("accountId").asText());
        assertEquals("lab coffee", invoice.get("tag").asText());
        assertEquals(server.url + "/checkout/" + decoded.paymentHash(), invoice.get("checkoutUrl").asText());
        Instant createdAt = Instant.parse(invoice.get("createdAtUtc").asText());
        Instant expiresAt = Instant.parse(invoice.get("expiresAtUtc").asText());
        assertTrue(invoice.get("createdAtUtc").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals(120, Duration.between(createdAt, expiresAt).toSeconds(), 2);
    }

    @Test
    void descriptionIsTheTerminalNameWithoutATagAndExpirationIsClamped() {
        Shop shop = server.createShop(0);
        JsonNode low = server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 1000, \"expiration\": 5}", null).json();
        Bolt11Invoice decoded = Bolt11.decode(low.get("bolt11").asText());
        assertEquals("Counter", decoded.description());
        assertEquals(30, decoded.expirySeconds());
        assertTrue(low.get("tag").isNull());

        JsonNode high = server.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 1000, \"expiration\": 100000}", null).json();
        assertEquals(900, Bolt11.decode(high.get("bolt11").asText()).expirySeconds());
        JsonNode standard = server.createInvoice(shop, 1000);
        assertEquals(900, Bolt11.decode(standard.get("bolt11").asText()).expirySeconds());
    }

    @Test
    void paymentIsSettledWithTheFeeAndCreditedToTheAccount() {
        Shop shop = server.createShop(5000);
        JsonNode invoice = server.createInvoice(shop, 3000);
        String hash = invoice.get("invoiceHash").asText();
        Response payment = server.pay(hash);
        assertEquals(200, payment.status(), payment.body());
        assertEquals("paid", payment.text("status"), "the simulator answers once Till has recorded the payment");
        assertEquals("paid", server.get("/invoice/" + hash + "/status", null).text("status"));
        JsonNode tx = server.get("/transaction/" + invoice.get("id").asText(), shop.apiKey()).json();
        assertEquals("paid", tx.get("status").asText());
        assertTrue(tx.get("isPaid").asBoolean());
        assertEquals(3000, tx.get("amountMsat").asLong());
        assertEquals(2985, tx.get("receivedMsat").asLong());
        assertEquals(15, tx.get("feeProcessMsat").asLong());
        assertEquals(100, tx.get("splitBitcoinPercentage").asInt());
        assertFalse(tx.get("settledAtUtc").isNull());

        JsonNode account = server.get("/accounts/" + shop.accountId(), shop.apiKey()).json();
        assertEquals(2985, account.get("balanceMsat").asLong());
        assertEquals(5000, account.get("feePpm").asInt());

        assertEquals(tx, server.get("/invoice/from-hash/" + hash, shop.apiKey()).json());
        assertEquals(tx, server.get("/invoice/from-bolt11/" + invoice.get("bolt11").asText(), TestTill.ADMIN_KEY).json());

        // A second payment of the same invoice is refused by the node and changes nothing.
        assertEquals(409, server.pay(hash).status());
        assertEquals(2985, server.get("/accounts/" + shop.accountId(), shop.apiKey()).json().get("balanceMsat").asLong());
    }

    @Test
    void overpaymentCreditsWhatTheNodeReceived() {
        Shop shop = server.createShop(0);
        String hash = server.createInvoice(shop, 1000).get("invoiceHash").asText();
        assertEquals(200, server.post("/simulator/pay/" + hash, "{\"amountMsat\": 1500}", null).status());
        Await.until("paid", Duration.ofSeconds(10),
                () -> server.get("/accounts/" + shop.accountId(), shop.apiKey()).json().get("balanceMsat").asLong() == 1500);
        JsonNode tx = server.get("/invoice/from-hash/" + hash, shop.apiKey()).json();
        assertEquals(1500, tx.get("receivedMsat").asLong());
        assertEquals(1000, tx.get("amountMsat").asLong());
    }

    @Test
    void underpaymentCreditsOnlyWhatArrived() {
        Shop shop = server.createShop(0);
        String hash = server.createInvoice(shop, 1000).get("invoiceHash").asText();
        Response payment = server.post("/simulator/pay/" + hash, "{\"amount_msat\": 600}", null);
        assertEquals(600, payment.json().get("receivedMsat").asLong(), payment.body());
        assertEquals(600, server.get("/accounts/" + shop.accountId(), shop.apiKey()).json().get("balanceMsat").asLong());
    }

    @Test
    void accountKeysSeeOnlyTheirOwnAccount() {
        Shop mine = server.createShop(0);
        Shop theirs = server.createShop(0);
        JsonNode invoice = server.createInvoice(theirs, 1000);

        assertEquals(403, server.get("/accounts/" + theirs.accountId(), mine.apiKey()).status());
        assertEquals(403, server.get("/accounts/" + theirs.accountId() + "/bpts", mine.apiKey()).status());
        assertEquals(403, server.post("/accounts/" + theirs.accountId() + "/bpts", "{\"name\": \"x\"}", mine.apiKey()).status());
        assertEquals(404, server.get("/transaction/" + invoice.get("id").asText(), mine.apiKey()).status());
        assertEquals(404, server.get("/invoice/from-hash/" + invoice.get("invoiceHash").asText(), mine.apiKey()).status());
        assertEquals(403, server.post("/accounts", "{\"name\": \"x\"}", mine.apiKey()).status());
        for (JsonNode tx : server.get("/transactions?limit=500", mine.apiKey()).json().get("data")) {
            assertEquals(mine.accountId(), tx.get("accountId").asText());
        }
        assertEquals(200, server.get("/transaction/" + invoice.get("id").asText(), "Bearer " + theirs.apiKey()).status());
        assertEquals(401, server.get("/transaction/" + invoice.get("id").asText(), "till_acct_wrong").status());
        assertEquals(401, server.get("/transaction/" + invoice.get("id").asText(), null).status());
    }

    @Test
    void accountsAndTerminalsAsTheContractSays() {
        Response account = server.post("/accounts", "{\"name\": \"Bakery\"}", TestTill.ADMIN_KEY);
        assertEquals(201, account.status());
        assertEquals(Set.of("id", "name", "feePpm", "balanceMsat", "apiKey"), fieldNames(account.json()));
        String id = account.text("id");
        String key = account.text("apiKey");
        assertEquals(Set.of("id", "name", "feePpm", "balanceMsat"), fieldNames(server.get("/accounts/" + id, key).json()));

        Response bpt = server.post("/accounts/" + id + "/bpts", "{\"name\": \"Till 2\", \"splitBitcoinPercentage\": 40}", TestTill.ADMIN_KEY);
        assertEquals(201, bpt.status());
        assertEquals(Set.of("id", "accountId", "name", "splitBitcoinPercentage", "currency", "lightningAddress", "lnurl", "webhookUrl"),
                fieldNames(bpt.json()));
        assertTrue(bpt.json().get("currency").isNull(), "a terminal in satoshis");
        assertEquals(40, bpt.json().get("splitBitcoinPercentage").asInt());
        assertTrue(bpt.text("id").length() >= 22, "a BPT id carries at least 128 random bits");
        JsonNode list = server.get("/accounts/" + id + "/bpts", key).json();
        assertEquals(1, list.size());
        assertEquals(bpt.json(), list.get(0));
        assertEquals(404, server.get("/accounts/nope", TestTill.ADMIN_KEY).status());
    }

    @Test
    void transactionsArePagedNewestFirstAndFiltered() {
        Shop shop = server.createShop(0);
        Set<String> ids = new HashSet<>();
        String firstHash = null;
        for (int i = 0; i < 7; i++) {
            JsonNode invoice = server.createInvoice(shop, 1000 + i);
            ids.add(invoice.get("id").asText());
            if (i == 0) {
                firstHash = invoice.get("invoiceHash").asText();
            }
        }
        server.pay(firstHash);
        String paidHash = firstHash;
        Await.until("paid", Duration.ofSeconds(10),
                () -> server.get("/invoice/" + paidHash + "/status", null).text("status").equals("paid"));

        Set<String> seen = new HashSet<>();
        long previousAmount = Long.MAX_VALUE;
        String after = null;
        int pages = 0;
        do {
            JsonNode page = server.get("/transactions?limit=3" + (after == null ? "" : "&after=" + after), shop.apiKey()).json();
            for (JsonNode tx : page.get("data")) {
                assertTrue(seen.add(tx.get("id").asText()));
                assertTrue(tx.get("amountMsat").asLong() < previousAmount, "newest first");
                previousAmount = tx.get("amountMsat").asLong();
            }
            after = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (after != null);
        assertEquals(ids, seen);
        assertEquals(3, pages);

        JsonNode paid = server.get("/transactions?status=paid", shop.apiKey()).json();
        assertEquals(1, paid.get("data").size());
        assertEquals(paidHash, paid.get("data").get(0).get("invoiceHash").asText());
        assertTrue(paid.get("next").isNull());
        assertEquals(7, server.get("/transactions?bpt_id=" + shop.bptId(), TestTill.ADMIN_KEY).json().get("data").size());
        assertEquals(400, server.get("/transactions?status=lost", shop.apiKey()).status());
        assertEquals(400, server.get("/transactions?limit=abc", shop.apiKey()).status());
    }

    @Test
    void healthSaysSimulated() {
        Response health = server.get("/health", TestTill.ADMIN_KEY);
        assertEquals(200, health.status(), health.body());
        assertEquals("ok", health.text("status"));
        assertEquals(0, health.json().get("reasons").size());
        assertTrue(health.json().get("simulated").asBoolean());
        assertEquals("SIMULATED — no real money", health.json().get("node").get("warning").asText());
        assertEquals("regtest", health.json().get("node").get("network").asText());
        assertEquals("ok", health.text("db"));
        assertEquals("running", health.json().get("watcher").get("state").asText());
    }

    @Test
    void unknownInvoiceAndUnknownRouteAreJson404s() {
        Response status = server.get("/invoice/" + "00".repeat(32) + "/status", null);
        assertEquals(404, status.status());
        assertEquals("not_found", status.text("code"));
        Response route = server.get("/no/such/route", null);
        assertEquals(404, route.status());
        assertNotEquals(null, route.json(), route.body());
        assertNull(server.get("/health", null).json().get("error"));
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
