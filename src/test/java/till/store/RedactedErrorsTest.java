package till.store;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed statement's exception, as any log line would print it, holds neither the SQL's values nor a trace file. */
class RedactedErrorsTest {
    private static final String SECRET = "whsec_do-not-log-me-";

    @TempDir
    Path dataDir;

    @Test
    void aValueThatDoesNotFitItsColumnStaysOutOfTheException() throws IOException {
        try (Database database = TestDatabase.open(dataDir)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> database.jdbi().useHandle(handle ->
                    insertAccount(handle, "a1", SECRET + "x".repeat(200), "hash-1")));
            String printed = printed(e);
            assertFalse(printed.contains(SECRET), printed);
            assertFalse(printed.contains("INSERT"), printed);
            assertEquals("22001", sqlState(e), "the SQLState (value too long) is kept");
        }
        try (var files = Files.list(dataDir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".trace.db")), "H2 wrote a trace file");
        }
    }

    @Test
    void aUniqueViolationKeepsItsStateForTheCodeThatActsOnIt() {
        try (Database database = TestDatabase.open(dataDir)) {
            database.jdbi().useHandle(handle -> insertAccount(handle, "a1", "Shop", "hash-1"));
            RuntimeException e = assertThrows(RuntimeException.class, () -> database.jdbi().useHandle(handle ->
                    insertAccount(handle, "a2", "Shop", "hash-1")));
            assertEquals("23505", sqlState(e));
            assertFalse(printed(e).contains("hash-1"), printed(e));
        }
    }

    private static void insertAccount(Handle handle, String id, String name, String keyHash) {
        handle.createUpdate("INSERT INTO account (id, name, fee_ppm, created_at) VALUES (:id, :name, 0, 0)")
                .bind("id", id).bind("name", name).execute();
        handle.createUpdate("INSERT INTO api_key (id, account_id, kind, key_hash, created_at) VALUES (:id, :id, 'full', :hash, 0)")
                .bind("id", id).bind("hash", keyHash).execute();
    }

    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String printed(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
