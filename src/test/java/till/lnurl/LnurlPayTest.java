package till.lnurl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.Await;
import till.TestTill;
import till.WebhookReceiver;
import till.TillClient;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.bolt11.Bech32;
import till.bolt11.Bolt11;
import till.bolt11.Bolt11Invoice;

/** LNURL-pay (LUD-06, -09, -12) and Lightning addresses (LUD-16) over real HTTP, from the QR code to the ledger. */
class LnurlPayTest {
    static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A shop whose terminal has the Lightning address {@code name}, set at creation. */
    static Shop shopWithAddress(TillClient till, String name) {
        Shop shop = till.createShop(0);
        Response terminal = till.post("/accounts/" + shop.accountId() + "/bpts",
                "{\"name\": \"Café counter\", \"lightningAddress\": \"" + name + "\"}", shop.apiKey());
        assertEquals(201, terminal.status(), terminal.body());
        return new Shop(shop.accountId(), shop.apiKey(), terminal.text("id"));
    }

    /** The bech32 LNURL decoded back to its URL, as a wallet does. */
    static String decodeLnurl(String lnurl) {
        Bech32.Decoded decoded = Bech32.decode(lnurl);
        assertEquals("lnurl", decoded.hrp());
        return new String(Bech32.toBytes(decoded.data()), StandardCharsets.UTF_8);
    }

    /** GET of a full URL of this Till, as a wallet calls it. */
    static Response fetch(TillClient till, String url) {
        assertTrue(url.startsWith(till.url), url);
        return till.get(url.substring(till.url.length()), null);
    }

    static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aLightningAddressIsPaidThroughTheWholeLud06Flow() throws Exception {
        Shop shop = shopWithAddress(server, "Cafe-" + System.nanoTime());
        JsonNode terminal = server.get("/accounts/" + shop.accountId() + "/bpts", shop.apiKey()).json().get(1);
        String name = terminal.get("lightningAddress").asText().split("@")[0];
        assertEquals(name + "@" + URI.create(server.url).getRawAuthority(), terminal.get("lightningAddress").asText());
        assertEquals(name.toLowerCase(), name);

        // LUD-16: the wallet turns name@host into https://host/.well-known/lnurlp/name (any case).
        Response first = server.get("/.well-known/lnurlp/" + name.toUpperCase(), null);
        assertEquals(200, first.status(), first.body());
        JsonNode payRequest = first.json();
        assertEquals("payRequest", payRequest.get("tag").asText());
        assertEquals(server.url + "/.well-known/lnurlp/" + name + "/callback", payRequest.get("callback").asText());
        assertEquals(1000, payRequest.get("minSendable").asLong());
        // What the simulated node's one channel can receive: 0.1 BTC less its own 0.04.
        assertEquals(6_000_000_000L, payRequest.get("maxSendable").asLong());
        assertEquals(50, payRequest.get("commentAllowed").asInt());
        String metadata = payRequest.get("metadata").asText();
        JsonNode entries = TillClient.JSON.readTree(metadata);
        assertEquals("[\"text/plain\",\"Café counter\"]", entries.get(0).toString());
        assertEquals("[\"text/identifier\",\"" + terminal.get("lightningAddress").asText() + "\"]", entries.get(1).toString());

        long before = server.balance(shop);
        Response second = fetch(server, payRequest.get("callback").asText() + "?amount=21000&comment=" + query("for the espresso ☕"));
        assertEquals(200, second.status(), second.body());
        assertEquals(0, second.json().get("routes").size());
        assertEquals("message", second.json().get("successAction").get("tag").asText());
        String pr = second.json().get("pr").asText();
        Bolt11Invoice bolt11 = Bolt11.decode(pr);
        assertEquals(21000L, bolt11.amountMsat());
        assertNull(bolt11.description());
        assertEquals(sha256Hex(metadata), bolt11.descriptionHash());

        // An ordinary Till invoice of the terminal: the comment is its tag; paid, it credits the account.
        JsonNode invoice = server.get("/invoice/from-hash/" + bolt11.paymentHash(), shop.apiKey()).json();
        assertEquals(shop.bptId(), invoice.get("bptId").asText());
        assertEquals("for the espresso ☕", invoice.get("tag").asText());
        assertEquals(200, server.pay(bolt11.paymentHash()).status());
        assertEquals(before + 21000, server.balance(shop));
        JsonNode listed = server.get("/transactions?bpt_id=" + shop.bptId(), shop.apiKey()).json().get("data");
        assertEquals(1, listed.size());
        assertEquals("paid", listed.get(0).get("status").asText());
        server.assertLedgerMatches(shop);
    }

    @Test
    void theTerminalsOwnLnurlDecodesToItsEndpointAndPays() throws Exception {
        Shop shop = server.createShop(0);
        JsonNode terminal = server.get("/accounts/" + shop.accountId() + "/bpts", shop.apiKey()).json().get(0);
        assertTrue(terminal.get("lightningAddress").isNull());
        String lnurl = terminal.get("lnurl").asText();
        assertTrue(lnurl.startsWith("LNURL1"), lnurl);
        assertEquals(server.url + "/lnurlp/" + shop.bptId(), decodeLnurl(lnurl));

        JsonNode payRequest = fetch(server, decodeLnurl(lnurl)).json();
        assertEquals(server.url + "/lnurlp/" + shop.bptId() + "/callback", payRequest.get("callback").asText());
        String metadata = payRequest.get("metadata").asText();
        assertEquals("[[\"text/plain\",\"Counter\"]]", metadata);
        Response invoice = fetch(server, payRequest.get("callback").asText() + "?amount=1000");
        assertEquals(200, invoice.status(), invoice.body());
        Bolt11Invoice bolt11 = Bolt11.decode(invoice.json().get("pr").asText());
        assertEquals(sha256Hex(metadata), bolt11.descriptionHash());
        assertTrue(server.get("/invoice/from-hash/" + bolt11.paymentHash(), shop.apiKey()).json().get("tag").isNull());
    }

    @Test
    void everyBadCallbackIsALud06ErrorAndWritesNothing() {
        Shop shop = shopWithAddress(server, "bad-input-" + System.nanoTime());
        String callback = "/lnurlp/" + shop.bptId() + "/callback";
        long max = server.get("/lnurlp/" + shop.bptId(), null).json().get("maxSendable").asLong();
        Map<String, String> refused = Map.of(
                callback, "amount is required",
                callback + "?amount=", "amount is required",
                callback + "?amount=abc", "whole number",
                callback + "?amount=1500.5", "whole number",
                callback + "?amount=-1000", "whole number",
                callback + "?amount=999", "from 1000",
                callback + "?amount=" + (max + 1), "from 1000",
                callback + "?amount=99999999999999999999999", "whole number",
                callback + "?amount=2000&comment=" + "x".repeat(51), "comment is longer than 50");
        refused.forEach((path, reason) -> {
            Response answer = server.get(path, null);
            assertEquals(400, answer.status(), path + ": " + answer.body());
            assertEquals("ERROR", answer.text("status"), path);
            assertTrue(answer.text("reason").contains(reason), path + ": " + answer.body());
        });
        for (String unknown : new String[] {"/lnurlp/no-such-terminal", "/lnurlp/no-such-terminal/callback?amount=1000",
                "/.well-known/lnurlp/nobody", "/.well-known/lnurlp/nobody/callback?amount=1000",
                "/.well-known/lnurlp/not%20a%20name"}) {
            Response answer = server.get(unknown, null);
            assertEquals(404, answer.status(), unknown + ": " + answer.body());
            assertEquals("ERROR", answer.text("status"), unknown);
        }
        assertEquals(0, server.get("/transactions?bpt_id=" + shop.bptId(), shop.apiKey()).json().get("data").size());
    }

    @Test
    void addressesAreCheckedUniqueAndChangeable() {
        Shop shop = server.createShop(0);
        String bpts = "/accounts/" + shop.accountId() + "/bpts";
        String name = "shop." + System.nanoTime();
        for (String bad : new String[] {"café", "a b", "x@example.com", "+tag", "a".repeat(65)}) {
            Response refused = server.post(bpts, "{\"name\": \"T\", \"lightningAddress\": \"" + bad + "\"}", shop.apiKey());
            assertEquals(400, refused.status(), bad + ": " + refused.body());
            assertEquals("lightningAddress", refused.json().get("field").asText());
        }
        String patch = bpts + "/" + shop.bptId();
        assertEquals(name + "@" + URI.create(server.url).getRawAuthority(),
                server.patch(patch, "{\"lightningAddress\": \"" + name.toUpperCase() + "\"}", shop.apiKey()).text("lightningAddress"));
        assertEquals(200, server.get("/.well-known/lnurlp/" + name, null).status());

        Response taken = server.post(bpts, "{\"name\": \"Other\", \"lightningAddress\": \"" + name + "\"}", shop.apiKey());
        assertEquals(409, taken.status(), taken.body());
        assertEquals("lightning_address_taken", taken.text("code"));
        assertEquals(1, server.get(bpts, shop.apiKey()).json().size());

        // Renaming keeps the address; null removes it.
        assertEquals(name + "@" + URI.create(server.url).getRawAuthority(),
                server.patch(patch, "{\"name\": \"Renamed\"}", shop.apiKey()).text("lightningAddress"));
        assertTrue(server.patch(patch, "{\"lightningAddress\": null}", shop.apiKey()).json().get("lightningAddress").isNull());
        assertEquals(404, server.get("/.well-known/lnurlp/" + name, null).status());
    }

    @Test
    void payingThroughTheSimulatorFiresTheTerminalsWebhook() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(received -> WebhookReceiver.Answer.of(200));
             TestTill till = TestTill.start(TestTill.tempDir(), Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"))) {
            Shop shop = shopWithAddress(till, "hooked");
            String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.UTF_8));
            Response set = till.patch("/accounts/" + shop.accountId() + "/bpts/" + shop.bptId(), "{\"webhookUrl\": \""
                    + receiver.url("/lnurl-hook") + "\", \"webhookSecret\": \"" + secret + "\"}", shop.apiKey());
            assertEquals(200, set.status(), set.body());
            assertEquals(receiver.url("/lnurl-hook"), set.text("webhookUrl"));
            assertTrue(!set.body().contains(secret), "the secret is never shown");

            String callback = till.get("/.well-known/lnurlp/hooked", null).json().get("callback").asText();
            String pr = fetch(till, callback + "?amount=7000&comment=table%204").json().get("pr").asText();
            assertEquals(200, till.pay(Bolt11.decode(pr).paymentHash()).status());

            WebhookReceiver.Received hook = receiver.next(Duration.ofSeconds(30));
            assertEquals("/lnurl-hook", hook.path());
            assertTrue(hook.header("webhook-signature").startsWith("v1,"), "signed with the terminal's secret");
            JsonNode transaction = TillClient.JSON.readTree(hook.body()).get("transaction");
            assertEquals(shop.bptId(), transaction.get("bptId").asText());
            assertEquals("table 4", transaction.get("tag").asText());
            assertTrue(transaction.get("isPaid").asBoolean(), hook.body());
            assertEquals(7000, till.balance(shop));
            // Recorded as delivered in the transaction's webhook log (and so before Till stops).
            String log = "/transaction/" + transaction.get("id").asText() + "/webhooks";
            Await.until("the delivery logged", Duration.ofSeconds(10),
                    () -> "delivered".equals(till.get(log, shop.apiKey()).json().path("data").path(0).path("status").asText()));
        }
    }

    @Test
    void aTerminalsWebhookIsCheckedAsAnInvoicesIs() {
        Shop shop = server.createShop(0);
        String patch = "/accounts/" + shop.accountId() + "/bpts/" + shop.bptId();
        Response privateHost = server.patch(patch, "{\"webhookUrl\": \"http://127.0.0.1:9/hook\"}", shop.apiKey());
        assertEquals(400, privateHost.status(), privateHost.body());
        assertEquals("webhook_url_not_allowed", privateHost.text("code"));
        assertEquals(400, server.patch(patch, "{\"webhookUrl\": \"ftp://example.com/\"}", shop.apiKey()).status());
        assertEquals(400, server.patch(patch, "{\"webhookUrl\": \"https://example.com/\", \"webhookSecret\": \"whsec_\"}",
                shop.apiKey()).status());
        Response lonely = server.patch(patch, "{\"webhookSecret\": \"s3cret\"}", shop.apiKey());
        assertEquals(400, lonely.status(), lonely.body());
        assertEquals("webhookSecret", lonely.text("field"));
        assertTrue(server.get("/accounts/" + shop.accountId() + "/bpts", shop.apiKey()).json().get(0).get("webhookUrl").isNull());
    }

    @Test
    void theCallbackIsRateLimitedLikeInvoiceCreation() {
        try (TestTill limited = TestTill.start(TestTill.tempDir(), Map.of(
                "TILL_RATE_LIMIT_PER_TERMINAL", "1/m,burst=2", "TILL_RATE_LIMIT_PER_ADDRESS", "0"))) {
            Shop shop = limited.createShop(0);
            String callback = "/lnurlp/" + shop.bptId() + "/callback?amount=1000";
            assertEquals(200, limited.get(callback, null).status());
            assertEquals(400, limited.get("/lnurlp/" + shop.bptId() + "/callback?amount=1", null).status());
            assertEquals(200, limited.get(callback, null).status());
            Response refused = limited.get(callback, null);
            assertEquals(429, refused.status(), refused.body());
            assertEquals("ERROR", refused.text("status"));
            assertEquals(2, limited.get("/transactions?bpt_id=" + shop.bptId(), shop.apiKey()).json().get("data").size());
        }
    }
}
