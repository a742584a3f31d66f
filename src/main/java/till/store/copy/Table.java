package till.store.copy;

import java.util.List;

/**
 * One table of Till's schema as the copy sees it: its name, its columns (lower case, in the target's order) and the
 * tables its foreign keys point at.
 */
record Table(String name, List<Column> columns, List<String> references) {

    /** A column and its JDBC type ({@link java.sql.Types}), which a null is bound with. */
    record Column(String name, int sqlType, boolean identity) {}

    String columnList() {
        return String.join(", ", columns.stream().map(Column::name).toList());
    }
}
