package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;

/** The largest amounts: the fee is exact where received × fee rate overflows a long, and overpayment has a limit. */
class LargeAmountTest {
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
    void anInvoiceForTwentyMillionBitcoinSettlesWithTheExactFee() {
        Shop shop = server.createShop(5000);
        long amount = 2_000_000_000_000_000_000L; // × 5000 ppm is 10²² msat, far past a long
        String hash = server.createInvoice(shop, amount).get("invoiceHash").asText();
        Response paid = server.pay(hash);
        assertEquals(200, paid.status(), paid.body());
        JsonNode transaction = paid.json();
        assertEquals(10_000_000_000_000_000L, transaction.get("feeProcessMsat").asLong());
        assertEquals(amount - 10_000_000_000_000_000L, transaction.get("receivedMsat").asLong());
        server.assertLedgerMatches(shop);
    }

    @Test
    void theSimulatedPayerRefusesMoreThanTwiceTheInvoiceLikeARealNode() {
        Shop shop = server.createShop(1000);
        String hash = server.createInvoice(shop, 1000).get("invoiceHash").asText();
        Response refused = server.post("/simulator/pay/" + hash, "{\"amountMsat\": 2000000000000000000}", null);
        assertEquals(409, refused.status(), refused.body());
        assertEquals("cannot_pay", refused.text("code"));
        assertEquals("unpaid", server.get("/invoice/" + hash + "/status", null).text("status"));

        Response twice = server.post("/simulator/pay/" + hash, "{\"amountMsat\": 2000}", null);
        assertEquals(200, twice.status(), twice.body());
        assertEquals(1998, twice.json().get("receivedMsat").asLong());
        assertEquals(2, twice.json().get("feeProcessMsat").asLong());
    }
}
