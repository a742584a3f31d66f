package till.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import till.TestTill;

/**
 * A thread interrupted while it reads or writes the database (a request Jetty stops, a task shut down) must not close
 * H2's file for everyone: the next statements, and the next opening of the file in the same JVM, still work.
 */
class InterruptedWriterTest {

    @Test
    void aWriteOnAnInterruptedThreadLeavesTheDatabaseWorking() {
        Path dir = TestTill.tempDir();
        try (Database database = Database.open(dir)) {
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE interrupted_writes (id INT)"));
            Thread.currentThread().interrupt();
            try {
                database.jdbi().useHandle(h -> h.execute("INSERT INTO interrupted_writes VALUES (1)"));
            } finally {
                Thread.interrupted();
            }
            database.jdbi().useHandle(h -> h.execute("INSERT INTO interrupted_writes VALUES (2)"));
        }
        try (Database reopened = Database.open(dir)) {
            int rows = reopened.jdbi().withHandle(h ->
                    h.createQuery("SELECT COUNT(*) FROM interrupted_writes").mapTo(Integer.class).one());
            assertEquals(2, rows);
        } finally {
            TestTill.deleteTree(dir);
        }
    }
}
