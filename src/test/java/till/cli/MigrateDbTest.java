package till.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.FirstRunOnly;
import till.TestPostgres;
import till.TestTill;
import till.TillClient;
import till.account.AdminKey;
import till.account.AdminKeyFile;
import till.bench.ThrowawayPostgres;
import till.store.Database;
import till.store.DatabaseSetting;

/**
 * {@code migrate-db} moves the committed sample shop from H2 into a new PostgreSQL database, verified, and a Till
 * started on that database serves it; a database holding a shop already is refused and left as it was.
 */
@FirstRunOnly
class MigrateDbTest {

    @BeforeAll
    static void postgres() {
        assumeTrue(TestPostgres.available());
    }

    @Test
    void theSampleMovesToPostgresqlAndTillServesIt() throws Exception {
        Path dir = sampleShop();
        String shopAdminKey = AdminKey.rotate(new AdminKeyFile(dir));
        ThrowawayPostgres cluster = TestPostgres.cluster();
        String db = cluster.newDatabase();

        CliRun run = CliRun.on(dir, cluster.env(db), "migrate-db");
        assertEquals(0, run.exitCode(), run.err());
        Contents h2 = Contents.of(Database.open(dir));
        Contents postgres = Contents.of(Database.open(dir, setting(cluster, db)));
        assertEquals(h2, postgres);
        assertTrue(h2.rows().get("transactions") >= 10 && h2.ledgerSums().size() >= 3, h2.toString());
        assertTrue(run.out().contains("; " + h2.balances().size() + " accounts, ledger total "
                + h2.ledgerSums().values().stream().mapToLong(Long::longValue).sum() + " msat"), run.out());
        assertTrue(run.out().contains("admin key: the shop's, moved"), run.out());

        Map<String, String> env = new HashMap<>(cluster.env(db));
        env.put("TILL_ADMIN_KEY", "");  // the shop's admin key, moved into the database
        try (TestTill till = TestTill.start(TestTill.tempDir(), env)) {
            JsonNode accounts = till.get("/accounts", shopAdminKey).json();
            assertEquals(h2.balances().size(), accounts.size());
            for (JsonNode account : accounts) {
                String id = account.get("id").asText();
                assertEquals(h2.balances().get(id), till.get("/accounts/" + id, shopAdminKey).json().get("balanceMsat").asLong());
            }
            assertEquals(h2.rows().get("transactions").intValue(),
                    till.get("/transactions?limit=500", shopAdminKey).json().path("data").size());
            assertEquals("paid", till.get("/invoice/from-hash/" + h2.aPaidInvoice().getKey(), shopAdminKey).text("status"));

            // New rows after the copied ones (an invoice, a payment between two of the shops, its ledger rows): the
            // identity sequences were moved past the copied values.
            String payer = h2.richest();
            String payee = h2.balances().keySet().stream().filter(id -> !id.equals(payer)).findFirst().orElseThrow();
            String payerKey = till.post("/accounts/" + payer + "/keys", "{\"kind\": \"full\"}", shopAdminKey).text("apiKey");
            TillClient.Shop paying = new TillClient.Shop(payer, payerKey, h2.aTerminalOf(payer));
            TillClient.Shop paid = new TillClient.Shop(payee, shopAdminKey, h2.aTerminalOf(payee));
            JsonNode invoice = till.createInvoice(paid, 10_000);
            assertTrue(TillClient.transactionId(invoice) > h2.rows().get("transactions"), invoice.toString());
            TillClient.Response payment = till.payBolt11(paying, invoice.get("bolt11").asText());
            assertEquals(200, payment.status(), payment.body());
            assertEquals(h2.balances().get(payee) + 10_000, till.balance(paid));
            Contents after = Contents.of(Database.open(dir, setting(cluster, db)));
            assertEquals(after.balances(), after.ledgerSums(), "every balance equals its ledger");
            assertEquals(h2.rows().get("ledger") + 2, after.rows().get("ledger"));
        }
    }

    @Test
    void aDatabaseHoldingAShopIsRefusedAndLeftAsItWas() throws Exception {
        ThrowawayPostgres cluster = TestPostgres.cluster();
        String db = cluster.newDatabase();
        assertEquals(0, CliRun.on(sampleShop(), cluster.env(db), "migrate-db").exitCode());
        Contents moved = Contents.of(Database.open(TestTill.tempDir(), setting(cluster, db)));

        Path other = sampleShop();
        CliRun again = CliRun.on(other, cluster.env(db), "migrate-db");
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("already holds " + moved.balances().size() + " account(s): migrate-db moves a shop"
                + " into a new, empty database"), again.err());
        assertTrue(again.err().contains("nothing was changed"), again.err());
        assertEquals(moved, Contents.of(Database.open(TestTill.tempDir(), setting(cluster, db))));

        CliRun noUrl = CliRun.on(other, "migrate-db");
        assertEquals(2, noUrl.exitCode());
        assertTrue(noUrl.err().contains("set TILL_DATABASE_URL"), noUrl.err());
    }

    @Test
    void aDatabaseMigratedByANewerTillIsRefused() throws Exception {
        ThrowawayPostgres cluster = TestPostgres.cluster();
        String db = cluster.newDatabase();
        Database.open(TestTill.tempDir(), setting(cluster, db)).close();
        try (Connection c = cluster.connect(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (999, '999', 'from the future', 'SQL',"
                    + " 'V999__from_the_future.sql', 0, 'till', 0, true)");
        }
        Database.NewerSchemaException refused = assertThrows(Database.NewerSchemaException.class,
                () -> TestTill.start(TestTill.tempDir(), cluster.env(db)).close());
        assertTrue(refused.getMessage().startsWith("the database was migrated by a newer Till (schema version 999 is"
                + " unknown to this one)"), refused.getMessage());
        CliRun migrate = CliRun.on(sampleShop(), cluster.env(db), "migrate-db");
        assertEquals(1, migrate.exitCode());
        assertTrue(migrate.err().contains("migrated by a newer Till"), migrate.err());
    }

    private static Path sampleShop() throws Exception {
        Path dir = TestTill.tempDir();
        Files.copy(SampleDatabaseTest.COMMITTED, dir.resolve(Database.FILE_NAME));
        return dir;
    }

    private static DatabaseSetting setting(ThrowawayPostgres cluster, String db) {
        return DatabaseSetting.of(cluster.url(db), ThrowawayPostgres.USER, null);
    }

    /** What must be equal on both sides: every table's row count, every account's ledger sum and balance. */
    record Contents(Map<String, Long> rows, Map<String, Long> ledgerSums, Map<String, Long> balances,
                    Map<String, String> paidInvoices, Map<String, String> terminals) {

        /** Reads and closes {@code database}. */
        static Contents of(Database database) {
            try (database) {
                return database.jdbi().withHandle(h -> new Contents(counts(h), pairs(h,
                        "SELECT account_id, SUM(amount_msat) FROM ledger GROUP BY account_id"),
                        pairs(h, "SELECT id, balance_msat FROM account"),
                        text(h, "SELECT invoice_hash, account_id FROM transactions WHERE status = 'paid'"),
                        text(h, "SELECT account_id, MIN(id) FROM bpt GROUP BY account_id")));
            }
        }

        private static Map<String, Long> counts(Handle h) {
            List<String> tables = h.createQuery("SELECT LOWER(table_name) FROM information_schema.tables"
                    + " WHERE LOWER(table_schema) = LOWER(CURRENT_SCHEMA) AND LOWER(table_name) <> 'flyway_schema_history'"
                    + " AND LOWER(table_name) <> 'admin_key' AND table_type IN ('BASE TABLE', 'TABLE')")
                    .mapTo(String.class).list();
            Map<String, Long> counts = new TreeMap<>();
            for (String table : tables) {
                counts.put(table, h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
            }
            return counts;
        }

        private static Map<String, Long> pairs(Handle h, String sql) {
            Map<String, Long> values = new TreeMap<>();
            h.createQuery(sql).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).forEach(e -> values.put(e.getKey(), e.getValue()));
            return values;
        }

        private static Map<String, String> text(Handle h, String sql) {
            Map<String, String> values = new TreeMap<>();
            h.createQuery(sql).map((rs, ctx) -> Map.entry(rs.getString(1).trim(), rs.getString(2))).forEach(e -> values.put(e.getKey(), e.getValue()));
            return values;
        }

        String richest() {
            return balances.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }

        Map.Entry<String, String> aPaidInvoice() {
            return paidInvoices.entrySet().iterator().next();
        }

        String aTerminalOf(String accountId) {
            return terminals.get(accountId);
        }
    }
}
