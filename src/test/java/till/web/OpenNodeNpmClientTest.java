package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.TestInvoices;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;

/**
 * The official npm {@code opennode} client (1.5.0, pinned by {@code src/test/node/opennode-client/package-lock.json}),
 * its own code run by Node.js, with its base URL pointed at Till as the README says: a USD charge of 12.50 read back,
 * rates and currencies, the charge's callback checked with the client's own {@code signatureIsValid}, the balance,
 * and a withdrawal to a bolt11 of another node that the simulated node pays, its callback checked the same way.
 */
class OpenNodeNpmClientTest {
    private static final Path PROJECT = Path.of("src/test/node/opennode-client");
    private static final Path INSTALLED = Path.of("target/opennode-client");

    @Test
    void aShopsSessionWithTheNpmClient() throws Exception {
        assumeTrue(NodeJs.available(), NodeJs.MISSING);
        Path dir = NodeJs.installed(PROJECT, INSTALLED);
        try (TestTill server = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"))) {
            Shop shop = server.createShop(0);
            String bolt11 = TestInvoices.external(2_500_000L);
            NodeJs.Run run = NodeJs.run(dir, Map.of("TILL_URL", server.url, "TILL_KEY", shop.apiKey(),
                    "WITHDRAW_BOLT11", bolt11), Duration.ofSeconds(60), "node", "session.js");
            assertEquals(0, run.exitCode(), "the client's session failed:\n" + run.stderr() + run.stdout());
            JsonNode session = TillClient.JSON.readTree(run.stdout());

            JsonNode charge = session.path("charge");
            assertEquals(12_500, charge.path("amount").asLong(), "12.50 USD at the simulated 100,000 USD/BTC: " + charge);
            assertEquals("USD", charge.path("currency").asText(), charge.toString());
            assertEquals(charge.path("id"), session.path("readBack").path("id"));
            assertEquals("unpaid", session.path("readBack").path("status").asText());
            assertEquals(100_000, session.path("rates").path("BTCUSD").path("USD").asLong(), session.path("rates").toString());
            assertTrue(session.path("currencies").toString().contains("\"USD\""), session.path("currencies").toString());

            JsonNode callback = session.path("callback");
            assertEquals(charge.path("id").asText(), callback.path("id").asText());
            assertTrue(session.path("callbackValid").asBoolean(), "signatureIsValid: " + callback);
            assertFalse(session.path("forgedCallbackValid").asBoolean(true), "a forged hashed_order is refused");
            assertEquals(12_500, session.path("balanceBefore").path("balance").path("BTC").asLong());

            JsonNode withdrawal = session.path("withdrawal");
            assertEquals("confirmed", withdrawal.path("status").asText(), withdrawal.toString());
            assertEquals(2_500, withdrawal.path("amount").asLong());
            assertEquals(withdrawal, session.path("withdrawalRead"));
            assertEquals(withdrawal, session.path("withdrawals").path(0));
            assertEquals(withdrawal.path("id").asText(), session.path("withdrawalCallback").path("id").asText());
            assertTrue(session.path("withdrawalCallbackValid").asBoolean(), "signatureIsValid on the withdrawal's callback");
            TillClient.Response payment = server.get("/payment/" + TestInvoices.paymentHash(bolt11), shop.apiKey());
            assertEquals("succeeded", payment.text("status"), "paid to the other node: " + payment.body());
            assertEquals(withdrawal.path("id").asText(), payment.text("id"));
            long spentMsat = 2_500_000 + payment.json().path("feeMsat").asLong();
            assertEquals((12_500_000 - spentMsat) / 1000, session.path("balanceAfter").path("balance").path("BTC").asLong());
            server.assertLedgerMatches(shop);
        }
    }
}
