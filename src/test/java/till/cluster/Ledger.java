package till.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import till.bench.ThrowawayPostgres;

/** Counts and sums read straight from a test's PostgreSQL database, beside what the Tills answer. */
final class Ledger {
    private Ledger() {}

    /** The sum of an account's ledger: equals its balance when no money was counted twice or lost. */
    static long sum(ThrowawayPostgres pg, String db, String accountId) {
        return count(pg, db, "SELECT COALESCE(SUM(amount_msat), 0) FROM ledger WHERE account_id = ?", List.of(accountId));
    }

    /** The one number {@code sql} selects, its {@code ?} bound to {@code values}. */
    static long count(ThrowawayPostgres pg, String db, String sql, List<String> values) {
        try (Connection connection = pg.connect(db); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                statement.setString(i + 1, values.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
