package till.store.copy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The tables of a database's current schema, read from its metadata (so a table added by a later migration is
 * copied without anyone listing it), parents before the tables whose foreign keys point at them. Flyway's history
 * is not Till's data: each database keeps its own.
 */
final class Schema {
    private static final String FLYWAY_HISTORY = "flyway_schema_history";
    /** Names are spliced into SQL, so only plain identifiers are accepted. */
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");

    private Schema() {}

    /** Every table of the connection's current schema, in foreign-key order. */
    static List<Table> read(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schema = connection.getSchema();
        Map<String, Table> byName = new TreeMap<>();
        try (ResultSet tables = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String name = plain(tables.getString("TABLE_NAME"));
                if (!name.equals(FLYWAY_HISTORY)) {
                    byName.put(name, null);
                }
            }
        }
        for (String name : List.copyOf(byName.keySet())) {
            byName.put(name, new Table(name, columns(meta, schema, name), references(meta, schema, name)));
        }
        return inForeignKeyOrder(byName);
    }

    private static List<Table.Column> columns(DatabaseMetaData meta, String schema, String table) throws SQLException {
        List<Table.Column> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(null, schema, exact(meta, table), "%")) {
            while (rs.next()) {
                boolean identity = "YES".equals(rs.getString("IS_AUTOINCREMENT"));
                columns.add(new Table.Column(plain(rs.getString("COLUMN_NAME")), rs.getInt("DATA_TYPE"), identity));
            }
        }
        return columns;
    }

    private static List<String> references(DatabaseMetaData meta, String schema, String table) throws SQLException {
        List<String> parents = new ArrayList<>();
        try (ResultSet rs = meta.getImportedKeys(null, schema, exact(meta, table))) {
            while (rs.next()) {
                String parent = plain(rs.getString("PKTABLE_NAME"));
                if (!parent.equals(table) && !parents.contains(parent)) {
                    parents.add(parent);
                }
            }
        }
        return parents;
    }

    /** H2 keeps unquoted names in upper case, PostgreSQL in lower case; metadata look-ups want the stored spelling. */
    private static String exact(DatabaseMetaData meta, String name) throws SQLException {
        return meta.storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
    }

    private static String plain(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!PLAIN.matcher(lower).matches()) {
            throw new IllegalStateException("unexpected table or column name in the schema: " + name);
        }
        return lower;
    }

    /** Depth-first: a table comes after every table it references. */
    private static List<Table> inForeignKeyOrder(Map<String, Table> byName) {
        Map<String, Table> ordered = new LinkedHashMap<>();
        for (String name : byName.keySet()) {
            visit(name, byName, ordered, new ArrayList<>());
        }
        return List.copyOf(ordered.values());
    }

    private static void visit(String name, Map<String, Table> byName, Map<String, Table> ordered, List<String> path) {
        if (ordered.containsKey(name)) {
            return;
        }
        if (path.contains(name)) {
            throw new IllegalStateException("the foreign keys form a cycle: " + path + " -> " + name);
        }
        Table table = byName.get(name);
        if (table == null) {
            throw new IllegalStateException("a foreign key points at " + name + ", which is not in the schema");
        }
        path.add(name);
        for (String parent : table.references()) {
            visit(parent, byName, ordered, path);
        }
        path.remove(path.size() - 1);
        ordered.put(name, table);
    }
}
