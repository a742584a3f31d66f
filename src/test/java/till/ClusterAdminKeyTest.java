package till;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.bench.ThrowawayPostgres;

/**
 * On PostgreSQL the admin key is one for all the processes, whatever their data directories: the first to start
 * generates it and stores its hash in the database, the others take it from there; TILL_ADMIN_KEY still wins.
 */
@FirstRunOnly
class ClusterAdminKeyTest {

    @Test
    void everyProcessOnOneDatabaseTakesTheAdminKeyTheFirstOneGenerated() throws Exception {
        assumeTrue(TestPostgres.available());
        ThrowawayPostgres cluster = TestPostgres.cluster();
        String db = cluster.newDatabase();
        Map<String, String> env = new HashMap<>(cluster.env(db));
        env.put("TILL_ADMIN_KEY", "");
        String generated;
        try (TestTill first = TestTill.start(TestTill.tempDir(), env);
             TestTill second = TestTill.start(TestTill.tempDir(), env)) {
            generated = first.till.welcome().adminKey();
            assertNotNull(generated);
            assertNull(second.till.welcome().adminKey(), "shown once, by the process that made it");
            assertEquals(200, first.get("/accounts", generated).status());
            assertEquals(200, second.get("/accounts", generated).status());
            assertFalse(Files.exists(second.dataDir.resolve("admin-key.sha256")), "nothing in a data directory");
        }
        try (Connection c = cluster.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT key_hash FROM admin_key")) {
            rs.next();
            assertFalse(rs.getString(1).contains(generated), "only the hash is stored");
        }

        Map<String, String> overridden = new HashMap<>(cluster.env(db));
        overridden.put("TILL_ADMIN_KEY", TestTill.ADMIN_KEY);
        try (TestTill third = TestTill.start(TestTill.tempDir(), env);
             TestTill configured = TestTill.start(TestTill.tempDir(), overridden)) {
            assertNull(third.till.welcome().adminKey());
            assertEquals(200, third.get("/accounts", generated).status(), "a process started later takes it too");
            assertEquals(200, configured.get("/accounts", TestTill.ADMIN_KEY).status());
            assertEquals(401, configured.get("/accounts", generated).status(), "TILL_ADMIN_KEY wins over the stored key");
        }
    }
}
