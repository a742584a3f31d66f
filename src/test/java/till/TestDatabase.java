package till;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import till.bench.ThrowawayPostgres;
import till.store.Database;
import till.store.DatabaseSetting;

/**
 * Which database the tests' Tills use. By default each data directory's embedded H2 file; with
 * {@code -Dtill.test.database=postgresql} (the second run of the suite, see pom.xml) a database of the test
 * PostgreSQL cluster named after the data directory, so that a Till restarted on the same directory finds its data
 * again, and a test that opens "the data directory's database" opens the same one.
 */
public final class TestDatabase {
    private TestDatabase() {}

    /** Whether this run of the suite puts Till on PostgreSQL. */
    public static boolean postgres() {
        return "postgresql".equals(System.getProperty("till.test.database"));
    }

    /** The settings a Till on {@code dataDir} gets in this run: none for H2, the database's URL for PostgreSQL. */
    public static Map<String, String> env(Path dataDir) {
        if (!postgres()) {
            return Map.of();
        }
        ThrowawayPostgres cluster = TestPostgres.cluster();
        String name = nameOf(dataDir);
        cluster.createDatabase(name);
        return cluster.env(name);
    }

    /** Opens the database a Till on {@code dataDir} uses in this run (the caller closes it). */
    public static Database open(Path dataDir) {
        Map<String, String> env = env(dataDir);
        return Database.open(dataDir, env.isEmpty() ? DatabaseSetting.EMBEDDED
                : DatabaseSetting.of(env.get("TILL_DATABASE_URL"), env.get("TILL_DATABASE_USER"), null));
    }

    private static String nameOf(Path dataDir) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "t_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
