package till.store.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Copies one table's rows from the source to the target connection, streamed and inserted in batches, so that a large
 * shop never has to fit in memory.
 */
final class TableCopy {
    static final int BATCH = 1000;

    private TableCopy() {}

    /** Returns how many rows were copied. */
    static long copy(Table table, Connection source, Connection target) throws SQLException {
        List<Table.Column> columns = table.columns();
        String insert = "INSERT INTO " + table.name() + " (" + table.columnList() + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        long rows = 0;
        try (Statement select = source.createStatement();
             PreparedStatement into = target.prepareStatement(insert)) {
            select.setFetchSize(BATCH);
            try (ResultSet rs = select.executeQuery("SELECT " + table.columnList() + " FROM " + table.name())) {
                while (rs.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        Object value = rs.getObject(i + 1);
                        if (value == null) {
                            into.setNull(i + 1, columns.get(i).sqlType());
                        } else {
                            into.setObject(i + 1, value);
                        }
                    }
                    into.addBatch();
                    if (++rows % BATCH == 0) {
                        into.executeBatch();
                    }
                }
            }
            into.executeBatch();
        }
        return rows;
    }

    /**
     * Moves the table's identity sequences past the copied values, so the next row PostgreSQL numbers does not collide
     * with a copied one.
     */
    static void resetIdentities(Table table, Connection target) throws SQLException {
        for (Table.Column column : table.columns()) {
            if (!column.identity()) {
                continue;
            }
            try (PreparedStatement setval = target.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?),"
                    + " COALESCE((SELECT MAX(" + column.name() + ") FROM " + table.name() + "), 0) + 1, false)")) {
                setval.setString(1, table.name());
                setval.setString(2, column.name());
                setval.execute();
            }
        }
    }

    static long count(Table table, Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table.name())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Removes the rows the target's migrations put there (the watchers' starting cursors): the source's replace them. */
    static void clear(Table table, Connection target) throws SQLException {
        try (Statement statement = target.createStatement()) {
            statement.executeUpdate("DELETE FROM " + table.name());
        }
    }
}
