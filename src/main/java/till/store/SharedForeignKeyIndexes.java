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
 * on exactly its columns, beside any composite index that starts with them, so V13's tables had two indexes where
 * one does: {@code incoming_payment_invoice} repeats its foreign key's index (dropped), and {@code payment_request}'s
 * foreign key adds one to the unique (transaction_id, rail) index that every invoice read uses. A payment request is
 * only ever written with its invoice, in the invoice's own transaction, so that key is dropped instead. Invoice
 * creation measured 0.75 ms of CPU per invoice before, 0.6x after (README, benchmark). The constraint's name is
 * H2's choice, read from the catalogue, hence Java. PostgreSQL makes no index for a foreign key: nothing to do.
 */
final class SharedForeignKeyIndexes implements JavaMigration {
    private static final String FOREIGN_KEYS = """
            SELECT tc.CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
            WHERE tc.CONSTRAINT_TYPE = 'FOREIGN KEY' AND tc.TABLE_SCHEMA = 'PUBLIC' AND tc.TABLE_NAME = 'PAYMENT_REQUEST'
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
            statement.execute("DROP INDEX incoming_payment_invoice");
            for (String name : paymentRequestForeignKeys(statement)) {
                statement.execute("ALTER TABLE payment_request DROP CONSTRAINT " + name);
            }
        }
    }

    private static List<String> paymentRequestForeignKeys(Statement statement) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(FOREIGN_KEYS)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
