package till;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import till.account.AccountDao;
import till.config.Config;
import till.store.Database;

/** A real Till server on a free port with a temporary data directory, and a small HTTP client for it. */
public final class TestTill extends TillClient implements AutoCloseable {
    public static final String ADMIN_KEY = "test-admin-key-0123456789";

    public final Path dataDir;
    public final Till till;

    private TestTill(Path dataDir, Till till) {
        super("http://127.0.0.1:" + till.port());
        this.dataDir = dataDir;
        this.till = till;
    }

    /** With the embedded simulated node. */
    public static TestTill start() {
        return start(tempDir(), Map.of());
    }

    public static TestTill start(Path dataDir, Map<String, String> extraEnv) {
        return start(dataDir, extraEnv, Clock.systemUTC());
    }

    public static TestTill start(Path dataDir, Map<String, String> extraEnv, Clock clock) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putIfAbsent("TILL_PORT", "0");
        env.putIfAbsent("TILL_ADMIN_KEY", ADMIN_KEY);
        // Tests create invoices in bursts from one address; the rate-limit tests set their own limits.
        env.putIfAbsent("TILL_RATE_LIMIT_PER_TERMINAL", "0");
        env.putIfAbsent("TILL_RATE_LIMIT_PER_ADDRESS", "0");
        env.put("TILL_DATA_DIR", dataDir.toString());
        return new TestTill(dataDir, Till.start(Config.load(env), clock));
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("till-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The account's ledger sum, read from the database directly (a second pool on the same in-process H2). */
    public long ledgerSum(String accountId) {
        try (Database database = Database.open(dataDir)) {
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
    }
}
