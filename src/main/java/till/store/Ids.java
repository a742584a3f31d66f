package till.store;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * New primary keys: UUIDs of version 7, which begin with the time they were made. Rows written together then sit
 * together in every index on an id (the rows' own, and the ledger's, outbox's and attempt log's references to them),
 * so a commit rewrites a few index pages at the end instead of one random page per row: H2 writes whole pages.
 */
public final class Ids {
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {}

    public static String next() {
        return GENERATOR.generate().toString();
    }
}
