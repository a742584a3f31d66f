package till.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import till.FirstRunOnly;
import till.Await;
import till.TestTill;
import till.store.Database;
import till.store.StatusCounts;

/** The committed invoices.mv.db.sample opens and migrates with today's code, and make-sample makes one like it. */
@FirstRunOnly
class SampleDatabaseTest {
    static final Path COMMITTED = Path.of("invoices.mv.db.sample");

    @Test
    void theCommittedSampleOpensAndMigratesWithTheCurrentCode() throws IOException {
        assertHasEveryState(copyToDataDir(COMMITTED));
        assertTrue(Files.size(COMMITTED) < 256 * 1024, "the sample stays small");
    }

    @Test
    void makeSampleWritesADatabaseWithEveryState() throws IOException {
        Path file = TestTill.tempDir().resolve("sample.mv.db");
        CliRun made = CliRun.on(TestTill.tempDir(), "make-sample", file.toString());
        assertEquals(0, made.exitCode(), made.err());
        Path dir = copyToDataDir(file);
        assertHasEveryState(dir);
        // A fresh simulated node does not know the sample's invoices: Till starts and answers all the same.
        try (TestTill till = TestTill.start(dir, Map.of())) {
            Await.until("Till healthy on the sample", Duration.ofSeconds(10), () -> till.get("/health", null).status() == 200);
            assertTrue(till.get("/transactions?limit=500", TestTill.ADMIN_KEY).json().path("data").size() >= 10);
        }
    }

    private static Path copyToDataDir(Path sample) throws IOException {
        Path dir = TestTill.tempDir();
        Files.copy(sample, dir.resolve(Database.FILE_NAME));
        return dir;
    }

    private static void assertHasEveryState(Path dir) {
        try (Database database = Database.open(dir)) {
            database.jdbi().useHandle(h -> {
                assertTrue(count(h, "SELECT COUNT(*) FROM account") >= 3);
                assertTrue(count(h, "SELECT COUNT(*) FROM bpt") >= 4);
                assertTrue(count(h, "SELECT COUNT(*) FROM charge") >= 1);
                assertEquals(2, count(h, "SELECT COUNT(*) FROM transactions WHERE fiat_currency IS NOT NULL AND status = 'paid'"),
                        "paid invoices priced in fiat");
                assertEquals(1, count(h, "SELECT COUNT(*) FROM bpt WHERE currency = 'EUR'"), "a terminal in euros");
                assertEquals(count(h, "SELECT COUNT(*) FROM account"), count(h, "SELECT COUNT(DISTINCT account_id) FROM api_key"
                        + " WHERE kind = 'full'"), "every account keeps its key, as a full key");
                Map<String, Long> transactions = StatusCounts.of(h, "transactions");
                assertEquals(java.util.Set.of("unpaid", "underpaid", "paid", "expired"), transactions.keySet(), transactions.toString());
                assertEquals(3, count(h, "SELECT COUNT(*) FROM incoming_payment WHERE rail = 'onchain'"), "on-chain payments");
                Map<String, Long> webhooks = StatusCounts.of(h, "webhook_delivery");
                assertTrue(webhooks.keySet().containsAll(java.util.Set.of("pending", "delivered", "failed")), webhooks.toString());
                assertEquals(count(h, "SELECT COALESCE(SUM(amount_msat), 0) FROM ledger"),
                        count(h, "SELECT COALESCE(SUM(balance_msat), 0) FROM account"), "balances equal the ledger");
            });
        }
    }

    private static long count(Handle h, String sql) {
        return h.createQuery(sql).mapTo(Long.class).one();
    }
}
