package till;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import till.account.AccountDao;
import till.config.Config;
import till.dashboard.DashboardPages;
import till.dashboard.DashboardSection;
import till.store.Database;

/** A real Till server on a free port with a temporary data directory, and a small HTTP client for it. */
public final class TestTill extends TillClient implements AutoCloseable {
    public static final String ADMIN_KEY = "test-admin-key-0123456789";

    /** Every directory {@link #tempDir} made, deleted when the test JVM exits (tests reopen them after a close). */
    private static final Set<Path> TEMP_DIRS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TEMP_DIRS.forEach(TestTill::deleteTree), "delete-temp-dirs"));
    }

    public final Path dataDir;
    public final Till till;
    private boolean ownsDataDir;

    private TestTill(Path dataDir, Till till) {
        super("http://127.0.0.1:" + till.port());
        this.dataDir = dataDir;
        this.till = till;
    }

    /** With the embedded simulated node, on a data directory of its own that {@link #close} deletes. */
    public static TestTill start() {
        TestTill server = start(tempDir(), Map.of());
        server.ownsDataDir = true;
        return server;
    }

    public static TestTill start(Path dataDir, Map<String, String> extraEnv) {
        return start(dataDir, extraEnv, Clock.systemUTC());
    }

    public static TestTill start(Path dataDir, Map<String, String> extraEnv, Clock clock) {
        return start(dataDir, extraEnv, clock, pages -> List.of());
    }

    /** With dashboard sections of the test's own (see {@link Till#start(Config, Clock, Function)}). */
    public static TestTill start(Path dataDir, Map<String, String> extraEnv, Clock clock,
                                 Function<DashboardPages, List<DashboardSection>> moreSections) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putIfAbsent("TILL_PORT", "0");
        env.putIfAbsent("TILL_ADMIN_KEY", ADMIN_KEY);
        // Tests create invoices in bursts from one address; the rate-limit tests set their own limits.
        env.putIfAbsent("TILL_RATE_LIMIT_PER_TERMINAL", "0");
        env.putIfAbsent("TILL_RATE_LIMIT_PER_ADDRESS", "0");
        env.putIfAbsent("TILL_RATE_LIMIT_SIGN_IN", "0");
        env.put("TILL_DATA_DIR", dataDir.toString());
        if (!env.containsKey("TILL_DATABASE_URL")) {
            env.putAll(TestDatabase.env(dataDir));
        }
        return new TestTill(dataDir, Till.start(Config.load(env), clock, moreSections));
    }

    public static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("till-test");
            TEMP_DIRS.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The account's ledger sum, read from the database directly (a second pool on the same database). */
    public long ledgerSum(String accountId) {
        try (Database database = TestDatabase.open(dataDir)) {
            return database.jdbi().withExtension(AccountDao.class, dao -> dao.ledgerSum(accountId));
        }
    }

    /** Asserts the invariant of the ledger: the cached balance equals the sum of the account's ledger rows. */
    public void assertLedgerMatches(Shop shop) {
        long balance = balance(shop);
        long sum = ledgerSum(shop.accountId());
        if (balance != sum) {
            throw new AssertionError("balance " + balance + " msat but ledger sum " + sum + " msat for " + shop.accountId());
        }
    }

    @Override
    public void close() {
        till.close();
        if (ownsDataDir) {
            deleteTree(dataDir);
            TEMP_DIRS.remove(dataDir);
        }
    }

    /** Deletes {@code dir} and what it holds; what cannot be deleted (a mount point in use) stays. */
    public static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // already gone, or unreadable: nothing more to do
        }
    }
}
