package till.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import till.files.OwnerOnly;

/** The H2 database in the data directory: connection pool, migrations, and the JDBI handle to it. */
public final class Database implements AutoCloseable {
    public static final String FILE_NAME = "invoices.mv.db";

    /** Another process (a running Till) has the database file open: H2 file mode allows one process. */
    public static final class InUseException extends IllegalStateException {
        InUseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The database cannot be written (a read-only file or file system, or no space): Till must not start on it. */
    public static final class NotWritableException extends IllegalStateException {
        NotWritableException(String message) {
            super(message);
        }
    }

    private final JdbcConnectionPool pool;
    private final Path dataDir;
    private final Jdbi jdbi;

    private Database(JdbcConnectionPool pool, Path dataDir) {
        this.pool = pool;
        this.dataDir = dataDir;
        this.jdbi = Jdbi.create(RedactedErrors.dataSource(pool)).installPlugin(new SqlObjectPlugin());
        // JDBI would add the statement and its bound values to every exception's message; none reach a log.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        // Times are stored as epoch milliseconds (see V1__schema.sql).
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.BIGINT) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                return (position, statement, ctx) -> statement.setLong(position, value.toEpochMilli());
            }
        });
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> instant(rs, column));
    }

    /** A time column (epoch milliseconds, see V1__schema.sql); null stays null. */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /**
     * Opens (creating if needed) {@code <dataDir>/invoices.mv.db}, owner-only, and migrates it to the current schema.
     * Throws {@link NotWritableException} when it cannot be written.
     */
    public static Database open(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        Path base = dataDir.resolve(FILE_NAME.replace(".mv.db", "")).toAbsolutePath();
        ownerOnly(file);
        // WRITE_DELAY=0: H2 otherwise keeps committed rows in memory for up to 500 ms, and kill -9 loses them.
        // CACHE_SIZE (KB): H2's default page cache is 16 MB; the settlement writer's look-ups by hash and id then read
        // and decode pages from the file again and again once there are some hundred thousand invoices.
        // LOCK_TIMEOUT: concurrent payments of one account queue for its row; H2's default of 1 s is too short under load.
        // TRACE_LEVEL_FILE=0: no invoices.trace.db, where H2 would write each failed statement with its values.
        // retry: H2 reopens its file when a thread is interrupted in the middle of reading or writing it (Jetty stopping
        // a request, a task shut down); plain file: access closes the channel then, and the database is dead in this JVM.
        String url = "jdbc:h2:retry:" + base
                + ";WRITE_DELAY=0;CACHE_SIZE=65536;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;TRACE_LEVEL_FILE=0";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "till", "");
        pool.setMaxConnections(32);
        try {
            StoreProbe.requireWritable(pool, file);
            Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                    .javaMigrations(new SharedForeignKeyIndexes()).load().migrate();
            StoreProbe.requireWritable(pool, file);
        } catch (RuntimeException e) {
            pool.dispose();
            if (causedByLockedFile(e)) {
                throw new InUseException("the database " + file + " is in use by another process (is Till already running?)", e);
            }
            throw e;
        }
        return new Database(pool, dataDir);
    }

    /** A new database file is created 0600 before H2 opens it; an existing one is tightened to its owner. */
    private static void ownerOnly(Path file) {
        try {
            if (Files.exists(file)) {
                OwnerOnly.tighten(file);
            } else if (Files.isWritable(file.getParent())) {
                OwnerOnly.createFile(file);
            }
        } catch (IOException e) {
            // A read-only directory or file system: StoreProbe says so in one line, with the file's name.
        }
    }

    private static boolean causedByLockedFile(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return true;
            }
        }
        return false;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** How the database is now, asked without writing: for {@code /health}. */
    public StoreState state() {
        return StoreProbe.state(pool, dataDir);
    }

    /**
     * Writes a consistent copy of the database, while it is in use, to a zip file holding {@code invoices.mv.db}
     * (H2's online {@code BACKUP TO}); an existing file is replaced.
     */
    public void backupTo(Path zip) {
        String target = zip.toAbsolutePath().toString().replace("'", "''");
        jdbi.useHandle(handle -> handle.execute("BACKUP TO '" + target + "'"));
    }

    /** Closing the last pooled connection closes the database file (H2's default DB_CLOSE_DELAY=0). */
    @Override
    public void close() {
        pool.dispose();
    }
}
