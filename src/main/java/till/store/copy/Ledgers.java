package till.store.copy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/** Each account's ledger sum and cached balance on one side of the copy: what must come out equal on the other. */
record Ledgers(Map<String, Long> ledgerSums, Map<String, Long> balances) {

    static Ledgers read(Connection connection) throws SQLException {
        return new Ledgers(
                byAccount(connection, "SELECT account_id, SUM(amount_msat) FROM ledger GROUP BY account_id"),
                byAccount(connection, "SELECT id, balance_msat FROM account"));
    }

    private static Map<String, Long> byAccount(Connection connection, String sql) throws SQLException {
        Map<String, Long> values = new TreeMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getLong(2));
            }
        }
        return values;
    }

    long total() {
        return ledgerSums.values().stream().mapToLong(Long::longValue).sum();
    }
}
