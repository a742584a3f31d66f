package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;

/**
 * The bolt11 of an LNURL-pay callback read by an independent decoder, the npm {@code bolt11} package (1.4.1, pinned by
 * {@code src/test/node/lnurl-bolt11/package-lock.json}) run by Node.js: its description hash is the SHA-256 of the
 * metadata exactly as the pay request sent it (what a wallet checks before it pays), its amount the one asked for,
 * its signature the simulated node's.
 */
class LnurlBolt11NpmTest {
    private static final Path PROJECT = Path.of("src/test/node/lnurl-bolt11");
    private static final Path INSTALLED = Path.of("target/lnurl-bolt11");

    @Test
    void theDescriptionHashIsTheMetadatasAsAnotherDecoderReadsIt() throws Exception {
        assumeTrue(NodeJs.available(), NodeJs.MISSING);
        Path dir = NodeJs.installed(PROJECT, INSTALLED);
        try (TestTill server = TestTill.start()) {
            Shop shop = server.createShop(0);
            TillClient.Response named = server.patch("/accounts/" + shop.accountId() + "/bpts/" + shop.bptId(),
                    "{\"name\": \"Café «Ünïcode» \\\"quoted\\\"\", \"lightningAddress\": \"cafe\"}", shop.apiKey());
            assertEquals(200, named.status(), named.body());
            JsonNode payRequest = server.get("/.well-known/lnurlp/cafe", null).json();
            String metadata = payRequest.get("metadata").asText();
            String callback = payRequest.get("callback").asText().substring(server.url.length());
            String bolt11 = server.get(callback + "?amount=123000", null).json().get("pr").asText();

            NodeJs.Run run = NodeJs.run(dir, Map.of("BOLT11", bolt11, "METADATA", metadata), Duration.ofSeconds(30),
                    "node", "decode.js");
            assertEquals(0, run.exitCode(), "the npm decoder failed:\n" + run.stderr() + run.stdout());
            JsonNode decoded = TillClient.JSON.readTree(run.stdout());
            assertTrue(decoded.get("matches").asBoolean(), decoded.toString());
            assertTrue(decoded.get("description").isNull(), decoded.toString());
            assertEquals("123000", decoded.get("millisatoshis").asText());
            assertEquals(server.till.simNode().nodeId(), decoded.get("payeeNodeKey").asText());
        }
    }
}
