package till.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every index is one more tree H2 writes at each commit: no table of the migrated schema has two indexes on the same
 * columns (H2 makes one of its own for each foreign key, beside any the migrations made).
 */
class LeanIndexesTest {
    @TempDir
    Path dataDir;

    @Test
    void noTableHasTwoIndexesOnTheSameColumns() {
        try (Database database = Database.open(dataDir)) {
            List<String> duplicates = database.jdbi().withHandle(handle -> handle.createQuery("""
                    SELECT TABLE_NAME || ' (' || COLS || ')' FROM (
                        SELECT TABLE_NAME, INDEX_NAME, LISTAGG(COLUMN_NAME, ', ') WITHIN GROUP (ORDER BY ORDINAL_POSITION) AS COLS
                        FROM INFORMATION_SCHEMA.INDEX_COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' GROUP BY TABLE_NAME, INDEX_NAME)
                    GROUP BY TABLE_NAME, COLS HAVING COUNT(*) > 1 ORDER BY 1
                    """).mapTo(String.class).list());
            assertEquals(List.of(), duplicates, "tables with two indexes on the same columns");
        }
    }
}
