package till.store.copy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import till.store.Database;

/**
 * Copies a whole Till database (an H2 shop) into an empty PostgreSQL database, both already migrated to the current
 * schema: every table, in one transaction on the target, committed only when the row counts and every account's
 * ledger sum and balance came out equal on both sides.
 */
public final class DatabaseCopy {

    /** What was copied: rows per table (in the order copied), accounts and the ledger's total. */
    public record Report(Map<String, Long> rows, int accounts, long ledgerMsat) {
        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The target holds a shop's data already: nothing was written. */
    public static final class NotEmptyException extends IllegalStateException {
        NotEmptyException(String message) {
            super(message);
        }
    }

    /** The copy did not come out equal to its source: it was rolled back. */
    public static final class MismatchException extends IllegalStateException {
        MismatchException(String message) {
            super(message);
        }
    }

    private DatabaseCopy() {}

    public static Report copy(Database source, Database target) throws SQLException {
        if (target.kind() != Database.Kind.POSTGRESQL) {
            throw new IllegalArgumentException("the copy goes into PostgreSQL");
        }
        try (Handle from = source.jdbi().open(); Handle into = target.jdbi().open()) {
            Connection in = from.getConnection();
            Connection out = into.getConnection();
            List<Table> tables = tablesToCopy(Schema.read(in), Schema.read(out));
            requireEmpty(out, target.location());
            boolean autoCommit = out.getAutoCommit();
            out.setAutoCommit(false);
            try {
                Report report = copyAll(tables, in, out);
                out.commit();
                return report;
            } catch (SQLException | RuntimeException e) {
                out.rollback();
                throw e;
            } finally {
                out.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * The target's tables (in its foreign-key order) that the source has, each with the columns both have. A source
     * table or column the target lacks would be lost, so it stops the copy; what only the target has keeps its default.
     */
    static List<Table> tablesToCopy(List<Table> source, List<Table> target) {
        Map<String, Table> sourceByName = source.stream().collect(Collectors.toMap(Table::name, t -> t));
        Set<String> targetNames = target.stream().map(Table::name).collect(Collectors.toSet());
        List<String> lost = new ArrayList<>(sourceByName.keySet().stream().filter(n -> !targetNames.contains(n)).toList());
        List<Table> copied = new ArrayList<>();
        for (Table table : target) {
            Table from = sourceByName.get(table.name());
            if (from == null) {
                continue;
            }
            Set<String> targetColumns = table.columns().stream().map(Table.Column::name).collect(Collectors.toSet());
            from.columns().stream().filter(c -> !targetColumns.contains(c.name()))
                    .forEach(c -> lost.add(table.name() + "." + c.name()));
            Set<String> sourceColumns = from.columns().stream().map(Table.Column::name).collect(Collectors.toSet());
            copied.add(new Table(table.name(), table.columns().stream().filter(c -> sourceColumns.contains(c.name())).toList(),
                    table.references()));
        }
        if (!lost.isEmpty()) {
            throw new IllegalStateException("the PostgreSQL schema has no place for " + lost
                    + ": is this Till older than the one that last ran the shop?");
        }
        return copied;
    }

    /**
     * Every row of a shop belongs to an account (invoices, keys, payments, the ledger); what a database holds without
     * one is what the migrations or a started Till put there (the watchers' starting cursors), which the copy replaces.
     */
    private static void requireEmpty(Connection target, String location) throws SQLException {
        try (Statement statement = target.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM account")) {
            rs.next();
            long accounts = rs.getLong(1);
            if (accounts > 0) {
                throw new NotEmptyException("the database " + location + " already holds " + accounts
                        + " account(s): migrate-db moves a shop into a new, empty database (createdb one and point"
                        + " TILL_DATABASE_URL at it); nothing was changed");
            }
        }
    }

    private static Report copyAll(List<Table> tables, Connection in, Connection out) throws SQLException {
        for (int i = tables.size() - 1; i >= 0; i--) {
            TableCopy.clear(tables.get(i), out);
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Table table : tables) {
            rows.put(table.name(), TableCopy.copy(table, in, out));
            TableCopy.resetIdentities(table, out);
        }
        List<String> differences = new ArrayList<>();
        for (Table table : tables) {
            long expected = TableCopy.count(table, in);
            long copied = TableCopy.count(table, out);
            if (expected != copied || copied != rows.get(table.name())) {
                differences.add(table.name() + ": " + expected + " rows in the source, " + copied + " in the copy");
            }
        }
        Ledgers before = Ledgers.read(in);
        Ledgers after = Ledgers.read(out);
        differences.addAll(differing("ledger sum", before.ledgerSums(), after.ledgerSums()));
        differences.addAll(differing("balance", before.balances(), after.balances()));
        if (!differences.isEmpty()) {
            throw new MismatchException("the copy differs from the source, so it was rolled back: "
                    + String.join("; ", differences));
        }
        return new Report(rows, after.balances().size(), after.total());
    }

    private static List<String> differing(String what, Map<String, Long> source, Map<String, Long> copy) {
        List<String> differences = new ArrayList<>();
        Set<String> accounts = new TreeSet<>(source.keySet());
        accounts.addAll(copy.keySet());
        for (String account : accounts) {
            if (!Objects.equals(source.get(account), copy.get(account))) {
                differences.add("account " + account + " " + what + " " + source.get(account) + " msat in the source, "
                        + copy.get(account) + " in the copy");
            }
        }
        return differences;
    }
}
