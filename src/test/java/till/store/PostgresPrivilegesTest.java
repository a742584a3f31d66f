package till.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.FirstRunOnly;
import till.TestPostgres;
import till.TestTill;
import till.TillClient;
import till.bench.ThrowawayPostgres;

/**
 * The README's PostgreSQL set-up: an ordinary role (no superuser, no CREATEDB, no CREATEROLE) owning the database is
 * all Till needs, to migrate the schema on first start and then to run.
 */
@FirstRunOnly
class PostgresPrivilegesTest {

    @Test
    void tillRunsAsAnOrdinaryRoleThatOwnsItsDatabase() throws Exception {
        assumeTrue(TestPostgres.available());
        ThrowawayPostgres cluster = TestPostgres.cluster();
        String role = "shop_" + ProcessHandle.current().pid();
        String db = role + "_db";
        try (Connection c = cluster.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
            s.execute("CREATE DATABASE " + db + " OWNER " + role);
        }
        try (TestTill till = TestTill.start(TestTill.tempDir(), Map.of("TILL_DATABASE_URL", cluster.url(db),
                "TILL_DATABASE_USER", role))) {
            TillClient.Shop shop = till.createShop(0);
            till.fund(shop, 20_000);
            assertEquals(20_000, till.balance(shop));
            assertEquals(200, till.get("/health", TestTill.ADMIN_KEY).status());
        }
    }
}
