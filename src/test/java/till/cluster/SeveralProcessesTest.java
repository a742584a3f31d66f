package till.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.Await;
import till.FirstRunOnly;
import till.TestPostgres;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;
import till.bench.ThrowawayPostgres;
import till.node.sim.SimNode;

/**
 * Two Till processes (here in one JVM) on one PostgreSQL database and one standalone simulated node: exactly one holds
 * the watcher and both say which; an invoice made on the standby is settled once by the holder; when the holder
 * closes, the other takes over within seconds.
 */
@FirstRunOnly
class SeveralProcessesTest {

    @Test
    void oneProcessWatchesBothNameItAndTheOtherTakesOverWhenItCloses() {
        assumeTrue(TestPostgres.available());
        ThrowawayPostgres pg = TestPostgres.cluster();
        String db = pg.newDatabase();
        try (SimNode node = SimNode.start(0, TestTill.tempDir())) {
            TillClient nodeClient = new TillClient(node.baseUrl());
            TestTill a = TestTill.start(TestTill.tempDir(), env(node, pg, db, "till-a"));
            try (TestTill b = TestTill.start(TestTill.tempDir(), env(node, pg, db, "till-b"))) {
                Await.until("both name the holder", Duration.ofSeconds(10),
                        () -> "till-a".equals(holder(a)) && "till-a".equals(holder(b)));
                JsonNode healthA = a.get("/health", TestTill.ADMIN_KEY).json();
                JsonNode healthB = b.get("/health", TestTill.ADMIN_KEY).json();
                assertEquals("till-a", healthA.at("/process/name").asText());
                assertEquals(true, healthA.at("/process/watcherHolder").asBoolean());
                assertEquals("till-b", healthB.at("/process/name").asText());
                assertEquals(false, healthB.at("/process/watcherHolder").asBoolean());
                assertEquals("postgresql", healthB.at("/database/kind").asText());
                assertEquals(pg.url(db), healthB.at("/database/location").asText());
                assertEquals("standby", healthB.at("/watcher/state").asText());
                assertEquals("ok", healthB.get("status").asText(), "a standby is healthy while another process watches");
                assertEquals(200, b.get("/health", null).status());

                Shop shop = a.createShop(0);
                String onStandby = b.createInvoice(shop, 10_000).get("invoiceHash").asText();
                assertEquals(200, nodeClient.post("/simulator/pay/" + onStandby, "", null).status());
                Await.until("paid through the holder", Duration.ofSeconds(15), () -> b.balance(shop) == 10_000);
                assertEquals(1L, incomingPayments(pg, db, onStandby), "settled once");

                long closed = System.nanoTime();
                a.close();
                Await.until("the other process holds the watcher", Duration.ofSeconds(10), () -> "till-b".equals(holder(b))
                        && b.get("/health", TestTill.ADMIN_KEY).json().at("/process/watcherHolder").asBoolean());
                long takeoverMillis = (System.nanoTime() - closed) / 1_000_000;
                assertTrue(takeoverMillis < 3_000, "took over after " + takeoverMillis + " ms");
                Await.until("the new holder's watcher runs", Duration.ofSeconds(10),
                        () -> "running".equals(b.get("/health", TestTill.ADMIN_KEY).json().at("/watcher/state").asText()));

                String afterTakeover = b.createInvoice(shop, 7_000).get("invoiceHash").asText();
                assertEquals(200, nodeClient.post("/simulator/pay/" + afterTakeover, "", null).status());
                Await.until("paid after the takeover", Duration.ofSeconds(15), () -> b.balance(shop) == 17_000);
                assertEquals(1L, incomingPayments(pg, db, afterTakeover));
                assertEquals(b.balance(shop), Ledger.sum(pg, db, shop.accountId()), "the ledger sum equals the balance");
            } finally {
                a.close();
            }
        }
    }

    static Map<String, String> env(SimNode node, ThrowawayPostgres pg, String db, String name) {
        Map<String, String> env = new HashMap<>(pg.env(db));
        env.putAll(Map.of("CLN_REST_URL", node.baseUrl(), "CLN_RUNE", "any", "TILL_PROCESS_NAME", name));
        return env;
    }

    /** What {@code /health} says of the watcher's holder (null: none). */
    static String holder(TillClient till) {
        JsonNode holder = till.get("/health", TestTill.ADMIN_KEY).json().at("/watcher/holder");
        return holder.isTextual() ? holder.asText() : null;
    }

    static long incomingPayments(ThrowawayPostgres pg, String db, String invoiceHash) {
        return Ledger.count(pg, db, "SELECT count(*) FROM incoming_payment p JOIN transactions t ON t.id = p.transaction_id "
                + "WHERE t.invoice_hash = ?", List.of(invoiceHash));
    }
}
