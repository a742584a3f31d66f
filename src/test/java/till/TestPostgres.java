package till;

import till.bench.ThrowawayPostgres;

/** The tests' one PostgreSQL cluster (a {@link ThrowawayPostgres}), started on first use and stopped when the JVM exits. */
public final class TestPostgres {
    private static ThrowawayPostgres cluster;

    private TestPostgres() {}

    /** Whether PostgreSQL is installed; without it, says so (and fails under CI=true, see {@link RequiredTool}). */
    public static boolean available() {
        return ThrowawayPostgres.binaries().isPresent()
                || RequiredTool.missing("PostgreSQL is not installed (Debian: apt-get install postgresql)");
    }

    /** The cluster of this test JVM; each test takes databases of its own from it ({@link ThrowawayPostgres#newDatabase()}). */
    public static synchronized ThrowawayPostgres cluster() {
        if (cluster == null) {
            cluster = ThrowawayPostgres.start();
        }
        return cluster;
    }
}
