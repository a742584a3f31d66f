package till.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import till.files.OwnerOnly;

/**
 * Till's database: the embedded H2 file in the data directory (one process), or a PostgreSQL server shared by any number
 * of Till processes ({@link DatabaseSetting}). Opens the connection pool, migrates the schema (the common migrations
 * plus the database's own folder) and hands out the JDBI handle.
 */
public final class Database implements AutoCloseable {
    public static final String FILE_NAME = "invoices.mv.db";
    /** PostgreSQL connections per process in the pool; the watcher lease and the event listener hold one more each. */
    static final int POSTGRES_POOL_SIZE = 16;

    public enum Kind {
        H2("h2"), POSTGRESQL("postgresql");

        private final String folder;

        Kind(String folder) {
            this.folder = folder;
        }

        /** The name /health and the logs give it. */
        public String label() {
            return folder;
        }
    }

    /** The database was migrated by a newer Till than this one: starting on it could misread what that Till wrote. */
    public static final class NewerSchemaException extends IllegalStateException {
        NewerSchemaException(String message) {
            super(message);
        }
    }

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

    private final DataSource pool;
    private final AutoCloseable closePool;
    private final Kind kind;
    private final DatabaseSetting setting;
    private final Path dataDir;
    private final Jdbi jdbi;

    private Database(DataSource pool, AutoCloseable closePool, Kind kind, DatabaseSetting setting, Path dataDir) {
        this.pool = pool;
        this.closePool = closePool;
        this.kind = kind;
        this.setting = setting;
        this.dataDir = dataDir;
        this.jdbi = Jdbi.create(RedactedErrors.dataSource(pool)).installPlugin(new SqlObjectPlugin());
        if (kind == Kind.POSTGRESQL) {
            jdbi.installPlugin(new PostgresPlugin());
        }
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

    /** The embedded H2 database of {@code dataDir}. */
    public static Database open(Path dataDir) {
        return open(dataDir, DatabaseSetting.EMBEDDED);
    }

    /** The database {@code setting} names: PostgreSQL, or (embedded) the H2 file in {@code dataDir}. */
    public static Database open(Path dataDir, DatabaseSetting setting) {
        return setting.embedded() ? openH2(dataDir) : openPostgres(dataDir, setting);
    }

    /**
     * Connects to PostgreSQL through a pool and migrates the schema. Processes starting together take turns: Flyway
     * holds an advisory lock while it migrates, so the first one migrates and the others find the schema current.
     */
    private static Database openPostgres(Path dataDir, DatabaseSetting setting) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(setting.url());
        config.setUsername(setting.user());
        config.setPassword(setting.password());
        config.setPoolName("till-db");
        config.setMaximumPoolSize(POSTGRES_POOL_SIZE);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(10_000);
        // Read committed, as H2 runs; statements name their own locks (FOR UPDATE) where they need them.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the database " + setting.displayUrl() + ": "
                    + rootMessage(e), e);
        }
        try {
            migrate(pool, Kind.POSTGRESQL);
            StoreProbe.requirePrimary(pool, setting.displayUrl());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, pool, Kind.POSTGRESQL, setting, dataDir);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /**
     * Migrates to the current schema: the common migrations and those of the database's own folder. A database that a
     * newer Till has migrated further is refused (a rolling upgrade moves forward; an older Till is not started on it).
     */
    private static void migrate(DataSource pool, Kind kind) {
        Flyway flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration", "classpath:db/" + kind.folder)
                .javaMigrations(new SharedForeignKeyIndexes()).load();
        for (MigrationInfo applied : flyway.info().applied()) {
            if (applied.getState() == MigrationState.FUTURE_SUCCESS) {
                throw new NewerSchemaException("the database was migrated by a newer Till (schema version "
                        + applied.getVersion() + " is unknown to this one): start that Till or a newer one on it,"
                        + " or restore a backup made by this version");
            }
        }
        flyway.migrate();
    }

    /**
     * Opens (creating if needed) {@code <dataDir>/invoices.mv.db}, owner-only, and migrates it to the current schema.
     * Throws {@link NotWritableException} when it cannot be written.
     */
    private static Database openH2(Path dataDir) {
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
            migrate(pool, Kind.H2);
            StoreProbe.requireWritable(pool, file);
        } catch (RuntimeException e) {
            pool.dispose();
            if (causedByLockedFile(e)) {
                throw new InUseException("the database " + file + " is in use by another process (is Till already running?)", e);
            }
            throw e;
        }
        return new Database(pool, pool::dispose, Kind.H2, DatabaseSetting.EMBEDDED, dataDir);
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

    public Kind kind() {
        return kind;
    }

    /** Where it is, without credentials: the H2 file's path, or the PostgreSQL URL. */
    public String location() {
        return kind == Kind.H2 ? dataDir.resolve(FILE_NAME).toAbsolutePath().toString() : setting.displayUrl();
    }

    /**
     * A connection of its own, outside the pool, for what lives as long as a session: an advisory lock, a LISTEN.
     * PostgreSQL only; the caller closes it (closing it ends the lock or the listening).
     */
    public Connection dedicatedConnection() throws SQLException {
        if (kind != Kind.POSTGRESQL) {
            throw new IllegalStateException("dedicated connections are for PostgreSQL");
        }
        Properties properties = new Properties();
        if (setting.user() != null) {
            properties.setProperty("user", setting.user());
        }
        if (setting.password() != null) {
            properties.setProperty("password", setting.password());
        }
        properties.setProperty("ApplicationName", "till");
        // A dead server or network must show as an error within seconds, not hang a lease or a listener.
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(setting.url(), properties);
    }

    /** How the database is now, asked without writing: for {@code /health}. */
    public StoreState state() {
        return kind == Kind.H2 ? StoreProbe.state(pool, dataDir) : StoreProbe.postgresState(pool);
    }

    /**
     * Writes a consistent copy of the database, while it is in use, to a zip file holding {@code invoices.mv.db}
     * (H2's online {@code BACKUP TO}); an existing file is replaced.
     */
    public void backupTo(Path zip) {
        if (kind != Kind.H2) {
            // Callers answer PostgreSQL with the pg_dump advice before getting here (OperatorRoutes, BackupCommand).
            throw new IllegalStateException("backupTo is for the embedded H2 file; PostgreSQL is backed up with pg_dump");
        }
        String target = zip.toAbsolutePath().toString().replace("'", "''");
        jdbi.useHandle(handle -> handle.execute("BACKUP TO '" + target + "'"));
    }

    /** Closing the last pooled connection closes the database file (H2's default DB_CLOSE_DELAY=0). */
    @Override
    public void close() {
        try {
            closePool.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the database pool failed", e);
        }
    }
}
