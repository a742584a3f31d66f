package till.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 14: fewer index trees for H2 to write at every commit. H2 gives each foreign key an index of its own
 * on exactly its columns, beside any other, so some tables had two indexes where one does: an index a migration made
 * on the same columns as a constraint's own ({@code incoming_payment_invoice}, {@code bpt_account}) is dropped, and
 * {@code payment_request}'s foreign key, which added one to the unique (transaction_id, rail) index every invoice read
 * uses, is dropped instead (a payment request is only ever written with its invoice, in the invoice's transaction).
 * Till's CPU per created invoice went from 0.75 ms to 0.64 ms (README, Benchmarks). Names are H2's choice, read from
 * the catalogue, hence Java. PostgreSQL makes no index for a foreign key: nothing to do there.
 */
final class SharedForeignKeyIndexes implements JavaMigration {
    private static final String FOREIGN_KEYS = """
            SELECT tc.CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
            WHERE tc.CONSTRAINT_TYPE = 'FOREIGN KEY' AND tc.TABLE_SCHEMA = 'PUBLIC' AND tc.TABLE_NAME = 'PAYMENT_REQUEST'
            """;

    /** Indexes made by CREATE INDEX whose columns are exactly those of a constraint's own index. */
    private static final String REPEATED = """
            WITH cols AS (SELECT TABLE_NAME, INDEX_NAME,
                                 LISTAGG(COLUMN_NAME, ',') WITHIN GROUP (ORDER BY ORDINAL_POSITION) AS COLS
                          FROM INFORMATION_SCHEMA.INDEX_COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC'
                          GROUP BY TABLE_NAME, INDEX_NAME)
            SELECT plain.INDEX_NAME FROM cols plain JOIN cols owned
              ON owned.TABLE_NAME = plain.TABLE_NAME AND owned.COLS = plain.COLS AND owned.INDEX_NAME <> plain.INDEX_NAME
            WHERE owned.INDEX_NAME IN (SELECT INDEX_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE INDEX_NAME IS NOT NULL)
              AND plain.INDEX_NAME NOT IN (SELECT INDEX_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE INDEX_NAME IS NOT NULL)
            """;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("14");
    }

    @Override
    public String getDescription() {
        return "one index per column set";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!connection.getMetaData().getDatabaseProductName().equals("H2")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (String name : names(statement, FOREIGN_KEYS)) {
                statement.execute("ALTER TABLE payment_request DROP CONSTRAINT " + name);
            }
            for (String name : names(statement, REPEATED)) {
                statement.execute("DROP INDEX " + name);
            }
        }
    }

    private static List<String> names(Statement statement, String query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
