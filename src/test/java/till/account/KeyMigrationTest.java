package till.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import till.FirstRunOnly;
import till.TestTill;
import till.TillClient.Response;
import till.store.Database;

/** An account's key from before V8 (one key per account, in the account row) keeps working, as a full key. */
@FirstRunOnly
class KeyMigrationTest {
    @Test
    void anAccountKeyFromBeforeKeysBecomesItsFullKey() throws SQLException {
        Path dir = TestTill.tempDir();
        String url = "jdbc:h2:file:" + dir.resolve(Database.FILE_NAME.replace(".mv.db", "")).toAbsolutePath();
        Flyway.configure().dataSource(url, "till", "").locations("classpath:db/migration").target("6").load().migrate();
        String key = "till_acct_" + Secrets.random(32);
        try (Connection connection = DriverManager.getConnection(url, "till", "");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO account (id, name, fee_ppm, balance_msat,"
                     + " api_key_hash, created_at) VALUES ('old-account', 'Old shop', 0, 0, ?, 1700000000000)")) {
            insert.setString(1, Secrets.hash(key));
            insert.executeUpdate();
        }

        try (TestTill till = TestTill.start(dir, Map.of())) {
            assertEquals(200, till.get("/accounts/old-account", key).status());
            Response keys = till.get("/accounts/old-account/keys", key);
            assertEquals(200, keys.status(), keys.body());
            assertEquals(1, keys.json().size());
            assertEquals("full", keys.json().get(0).get("kind").asText());
            assertEquals("2023-11-14T22:13:20.000Z", keys.json().get(0).get("createdAtUtc").asText(), "the account's creation");
            assertEquals(409, till.delete("/accounts/old-account/keys/" + keys.json().get(0).get("id").asText(), key).status(),
                    "it is the account's only full key");
            assertEquals(201, till.post("/accounts/old-account/keys", "{\"kind\": \"receive\"}", key).status());
        }
    }
}
