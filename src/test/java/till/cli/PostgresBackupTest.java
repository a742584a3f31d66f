package till.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import till.FirstRunOnly;
import till.TestPostgres;
import till.TestTill;
import till.TillClient;
import till.bench.ThrowawayPostgres;

/**
 * On PostgreSQL Till makes no backups itself: the command and /admin/backup point to pg_dump, and the pg_dump and
 * pg_restore lines the README gives, run while Till runs, restore into a Till with the data in it.
 */
@FirstRunOnly
class PostgresBackupTest {

    @Test
    void backupsArePgDumpsAndRestoreWithPgRestore() throws Exception {
        assumeTrue(TestPostgres.available());
        ThrowawayPostgres cluster = TestPostgres.cluster();
        String db = cluster.newDatabase();
        Path dump = TestTill.tempDir().resolve("till.dump");
        BackupTest.Paid paid;
        try (TestTill till = TestTill.start(TestTill.tempDir(), cluster.env(db))) {
            paid = BackupTest.Paid.on(till);
            TillClient.Response refused = till.post("/admin/backup", "", TestTill.ADMIN_KEY);
            assertEquals(409, refused.status(), refused.body());
            assertEquals("backup_with_pg_dump", refused.text("code"));
            assertTrue(refused.text("error").contains("pg_dump"), refused.body());
            assertEquals(403, till.post("/admin/backup", "", paid.shop().apiKey()).status());

            CliRun backup = CliRun.on(till.dataDir, cluster.env(db), "backup", dump.toString());
            assertEquals(1, backup.exitCode());
            assertTrue(backup.err().contains("back it up with pg_dump"), backup.err());

            run(cluster.program("pg_dump").toString(), "--format=custom", "--file=" + dump, connection(cluster, db));
        }
        String restored = cluster.newDatabase();
        run(cluster.program("pg_restore").toString(), "--no-owner", "--dbname=" + connection(cluster, restored), dump.toString());
        try (TestTill till = TestTill.start(TestTill.tempDir(), cluster.env(restored))) {
            assertEquals("paid", till.get("/invoice/from-hash/" + paid.hash(), paid.shop().apiKey()).text("status"));
            // The restored sequences go on after the dumped rows.
            assertEquals(201, till.post("/invoice/add", TillClient.invoiceBody(paid.shop(), 5000), null).status());
        }
    }

    private static String connection(ThrowawayPostgres cluster, String db) {
        return "postgresql://" + ThrowawayPostgres.USER + "@127.0.0.1:" + cluster.port() + "/" + db;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + output);
    }
}
