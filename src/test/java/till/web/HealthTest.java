package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import till.FirstRunOnly;
import till.Await;
import till.TcpProxy;
import till.TestTill;
import till.TillClient;
import till.TillClient.Response;
import till.Tmpfs;
import till.node.sim.SimNode;

/** Public /health: a status and reason codes, nothing about the node; the details for the admin or metrics key. */
class HealthTest {
    private static final String METRICS_KEY = "metrics-key-0123456789";

    @Test
    void publicHealthSaysNothingAboutTheNode() {
        try (TestTill server = TestTill.start(TestTill.tempDir(), Map.of("TILL_METRICS_KEY", METRICS_KEY))) {
            String nodeId = server.till.simNode().nodeId();
            // Degraded (watcher_starting) until the watcher has first reached the node, a moment after start.
            Await.until("the watcher running", Duration.ofSeconds(10), () -> server.get("/health", null).status() == 200);
            Response open = server.get("/health", null);
            assertEquals(200, open.status(), open.body());
            assertEquals(Set.of("status", "reasons", "simulated"), InvoiceFlowTest.fieldNames(open.json()));
            assertEquals("ok", open.text("status"));
            assertEquals(0, open.json().get("reasons").size());
            assertFalse(open.body().contains(nodeId), open.body());
            TillClient.Shop shop = server.createShop(0);
            assertFalse(server.get("/health", shop.apiKey()).body().contains(nodeId), "an account's key sees no details");

            for (String key : new String[] {TestTill.ADMIN_KEY, "Bearer " + TestTill.ADMIN_KEY, "Bearer " + METRICS_KEY}) {
                JsonNode detailed = server.get("/health", key).json();
                assertEquals(nodeId, detailed.get("node").get("id").asText(), key);
                assertEquals("ok", detailed.get("db").asText());
                assertEquals("running", detailed.get("watcher").get("state").asText());
            }
        }
    }

    /** The simulated channel: 0.06 BTC receivable, 0.04 sendable; an open invoice of 0.07 BTC is one too large. */
    @Test
    void theDetailsTellTheNodesLiquidityAndTheOpenInvoicesItCannotReceive() {
        try (TestTill server = TestTill.start()) {
            TillClient.Shop shop = server.createShop(0);
            server.createInvoice(shop, 5_000_000_000L);
            server.createInvoice(shop, 7_000_000_000L);
            JsonNode liquidity = server.get("/health", TestTill.ADMIN_KEY).json().get("node").get("liquidity");
            assertEquals(TillClient.JSON.createObjectNode().put("usableChannels", 1).put("receivableMsat", 6_000_000_000L)
                    .put("sendableMsat", 4_000_000_000L).put("openInvoicesAboveReceivable", 1), liquidity);
        }
    }

    @Test
    void anUnreachableNodeIsAReasonCodeAndItsAddressStaysPrivate() {
        try (SimNode node = SimNode.start(0, TestTill.tempDir());
             TcpProxy proxy = new TcpProxy(node.port());
             TestTill server = TestTill.start(TestTill.tempDir(),
                     Map.of("CLN_REST_URL", "http://127.0.0.1:" + proxy.port(), "CLN_RUNE", "any-rune"))) {
            proxy.cut();
            Await.until("health degraded", Duration.ofSeconds(30), () -> server.get("/health", null).status() == 503);
            Response open = server.get("/health", null);
            assertEquals("degraded", open.text("status"));
            assertTrue(open.json().get("reasons").toString().contains("\"node_unreachable\""), open.body());
            assertFalse(open.body().contains(Integer.toString(proxy.port())), open.body());
            assertFalse(open.body().contains(node.nodeId()), open.body());
            Response detailed = server.get("/health", TestTill.ADMIN_KEY);
            assertEquals(503, detailed.status());
            assertFalse(detailed.json().get("node").get("reachable").asBoolean(), detailed.body());
        }
    }

    @Test
    @FirstRunOnly
    void aFullDiskIsA503WithItsReasonNeverA500() throws IOException {
        try (Tmpfs fs = Tmpfs.mount(48L * 1024 * 1024);
             TestTill server = TestTill.start(fs.dir.resolve("data"), Map.of())) {
            TillClient.Shop shop = server.createShop(0);
            assertEquals(200, server.get("/health", null).status());
            fill(fs);
            // A write on the full disk fails inside H2, which may close the database for good.
            Response write = server.post("/invoice/add", TillClient.invoiceBody(shop, 1000), null);
            assertNotNull(write.json(), write.body());
            Response health = server.get("/health", null);
            assertEquals(503, health.status(), health.body());
            assertNotNull(health.json(), health.body());
            assertEquals("degraded", health.text("status"));
            assertTrue(health.json().get("reasons").toString().contains("\"disk_full\""), health.body());
            Response detailed = server.get("/health", TestTill.ADMIN_KEY);
            assertEquals(503, detailed.status(), detailed.body());
            assertNotNull(detailed.json(), detailed.body());
        }
    }

    /** Writes until the file system has no space left. */
    private static void fill(Tmpfs fs) {
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(fs.dir.resolve("filler"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no space left on the device: what this test wants
        }
    }
}
