package till.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;
import org.h2.api.ErrorCode;

/** Whether the database can be written (at start) and how it is (for /health), asked through plain JDBC. */
final class StoreProbe {
    /** H2's codes for a database it cannot write: read-only, cannot create or write the file, closed after a failed write. */
    private static final Set<Integer> NOT_WRITABLE = Set.of(ErrorCode.DATABASE_IS_READ_ONLY, ErrorCode.FILE_CREATION_FAILED_1,
            ErrorCode.IO_EXCEPTION_1, ErrorCode.IO_EXCEPTION_2, ErrorCode.DATABASE_IS_CLOSED);
    private static final String HINT = "; Till writes every invoice to it: check that its file system is mounted"
            + " read-write and has free space, and that Till's user owns the data directory";

    private StoreProbe() {}

    /**
     * Throws {@link Database.NotWritableException} unless the database can be written: H2 opens a file it may not
     * write read-only and would answer every write with an error. Once the schema exists, a real write is committed.
     */
    static void requireWritable(DataSource pool, Path file) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT READONLY()")) {
                if (rs.next() && rs.getBoolean(1)) {
                    throw notWritable(file, "H2 can only open it read-only");
                }
            }
            if (hasCursorTable(connection)) {
                statement.executeUpdate("UPDATE watcher_cursor SET pay_index = pay_index WHERE name = 'invoices'");
            }
        } catch (SQLException e) {
            if (NOT_WRITABLE.contains(e.getErrorCode())) {
                throw notWritable(file, "H2 error " + e.getErrorCode() + " (SQLState " + e.getSQLState() + ")");
            }
            throw new IllegalStateException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    static StoreState state(DataSource pool, Path dataDir) {
        long usable;
        try {
            usable = Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            usable = -1;
        }
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT READONLY()")) {
            return new StoreState(true, rs.next() && rs.getBoolean(1), usable);
        } catch (SQLException | RuntimeException e) {
            return new StoreState(false, false, usable);
        }
    }

    /** A PostgreSQL standby (in recovery) answers reads and refuses every write: Till must not start on it. */
    static void requirePrimary(DataSource pool, String url) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_is_in_recovery()")) {
            if (rs.next() && rs.getBoolean(1)) {
                throw new Database.NotWritableException("the database " + url + " is a read-only standby: point"
                        + " TILL_DATABASE_URL at the primary");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the database " + url + ": " + e.getMessage(), e);
        }
    }

    /** PostgreSQL's free space is the server's business: usableBytes is -1 (unknown). */
    static StoreState postgresState(DataSource pool) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'")) {
            return new StoreState(true, rs.next() && rs.getBoolean(1), -1);
        } catch (SQLException | RuntimeException e) {
            return new StoreState(false, false, -1);
        }
    }

    private static boolean hasCursorTable(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, "PUBLIC", "WATCHER_CURSOR", null)) {
            return tables.next();
        }
    }

    private static Database.NotWritableException notWritable(Path file, String why) {
        return new Database.NotWritableException("the database " + file + " cannot be written: " + why + HINT);
    }
}
