package till.store;

import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/** How many rows of a table with a {@code status} column are in each status: for metrics and summaries. */
public final class StatusCounts {
    private StatusCounts() {}

    /** {@code table} is one of Till's own table names, never user input. */
    public static Map<String, Long> of(Handle handle, String table) {
        Map<String, Long> counts = new TreeMap<>();
        handle.createQuery("SELECT status, COUNT(*) AS n FROM " + table + " GROUP BY status")
                .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }
}
