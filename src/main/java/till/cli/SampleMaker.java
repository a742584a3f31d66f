package till.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import till.config.Config;
import till.account.Secrets;
import till.store.Database;
import till.store.StatusCounts;

/**
 * Makes the sample database through Till's own code paths: a real Till with the simulated node on a temporary
 * directory, driven over HTTP. It starts three days in the past (so that some invoices can expire and a webhook can
 * run out its 72 hours), then comes back to now for today's business, stops, and compacts the file.
 */
final class SampleMaker {
    private static final Duration THREE_DAYS_AGO = Duration.ofHours(-74);

    /** What the sample holds. */
    record Summary(int accounts, int terminals, Map<String, Long> transactions, Map<String, Long> webhooks) {
        @Override
        public String toString() {
            return accounts + " accounts, " + terminals + " terminals, transactions " + transactions
                    + ", webhook deliveries " + webhooks;
        }
    }

    private SampleMaker() {}

    static Summary make(Path target, TillStarter starter) throws Exception {
        Path dir = Files.createTempDirectory("till-sample");
        try {
            run(dir, starter);
            compact(dir);
            Files.copy(dir.resolve(Database.FILE_NAME), target, StandardCopyOption.REPLACE_EXISTING);
            return summarize(dir);
        } finally {
            deleteTree(dir);
        }
    }

    private static void run(Path dir, TillStarter starter) throws IOException {
        ShiftedClock clock = new ShiftedClock(THREE_DAYS_AGO);
        String adminKey = Secrets.newApiKey("till_admin_");
        Path noFile = Files.createFile(dir.resolve("empty.properties"));
        try (WebhookSink sink = WebhookSink.start()) {
            Config config = Config.load(Map.of(
                    "TILL_CONFIG", noFile.toString(),  // nothing from a till.properties where the command runs
                    "TILL_HOST", "127.0.0.1", "TILL_PORT", "0", "TILL_DATA_DIR", dir.toString(),
                    "TILL_ADMIN_KEY", adminKey, "TILL_WEBHOOK_ALLOW_PRIVATE", "true",
                    "TILL_WEBHOOK_RETRY_SCHEDULE", "1s"));
            try (TillStarter.Running till = starter.start(config, clock)) {
                script(new SampleDriver(till.publicUrl(), adminKey), clock, sink);
            }
        }
    }

    private static void script(SampleDriver till, ShiftedClock clock, WebhookSink sink) {
        SampleDriver.Shop cafe = till.shop("Corner Café", 5000, "Counter", "Terrace");
        SampleDriver.Shop books = till.shop("Book Nook", 0, "Till 1");
        SampleDriver.Shop bikes = till.shop("Bike Repair", 10000, "Workshop");

        // Three days ago.
        till.pay(till.invoice(cafe.bpts().get(0), 3_000, "coffee", 900, null), null);
        till.pay(till.invoice(cafe.bpts().get(0), 4_500_000, "cappuccino", 900, null), null);
        till.pay(till.invoice(cafe.bpts().get(1), 12_000_000, "lunch", 900, null), 15_000_000L);  // with a tip
        till.pay(till.invoice(bikes.bpts().get(0), 250_000_000, "inner tube", 900, null), null);
        String failing = till.pay(till.invoice(books.bpts().get(0), 21_000_000, "novel", 900, sink.url("/gone-away")), null);
        till.invoice(cafe.bpts().get(0), 3_000_000, "espresso", 30, null);
        till.invoice(books.bpts().get(0), 8_000_000, "bookmark", 60, null);
        SampleDriver.await("the first webhook attempt", () -> till.webhookStatus(failing).startsWith("pending/"));

        // Now: the unpaid invoices of three days ago expire, and the failing webhook runs out of time.
        clock.shift(Duration.ZERO);
        SampleDriver.await("two expired invoices", () -> till.countWithStatus("expired") == 2);
        SampleDriver.await("a failed webhook", () -> till.webhookStatus(failing).startsWith("failed/"));

        String pending = till.pay(till.invoice(cafe.bpts().get(0), 5_000_000, "cake", 900, sink.url("/down")), null);
        String delivered = till.pay(till.invoice(bikes.bpts().get(0), 90_000_000, "tune-up", 900, sink.url("/ok")), null);
        SampleDriver.await("a pending webhook", () -> till.webhookStatus(pending).startsWith("pending/"));
        SampleDriver.await("a delivered webhook", () -> till.webhookStatus(delivered).startsWith("delivered/"));
        till.invoice(cafe.bpts().get(1), 6_000_000, "sandwich", 900, null);
        till.invoice(books.bpts().get(0), 15_000_000, null, 900, null);
        till.charge(books, 2_100, "Order #1001", "1001");
        // Priced in fiat: at a terminal in euros, and a charge in dollars as the shop plugins send it.
        till.pay(till.fiatInvoice(till.terminal(cafe, "Terrace (EUR)", "EUR"), "4.50", "EUR", "croissant"), null);
        till.pay(till.fiatCharge(books, "12.50", "USD", "Order #1004", "1004"), null);
        String inTwoParts = till.onchainCharge(books, 50_000, "Order #1002", "1002", 20_000, 30_000);
        String tooLittle = till.onchainCharge(bikes, 80_000, "Order #1003", "1003", 30_000);
        SampleDriver.await("an on-chain charge paid in two parts", () -> till.chargeState(books, inTwoParts).equals("paid/confirmed"));
        SampleDriver.await("an underpaid on-chain charge", () -> till.chargeState(bikes, tooLittle).equals("underpaid/confirmed"));
    }

    /** Rewrites the file without its free pages: the sample is committed to the repository, so small matters. */
    private static void compact(Path dir) throws SQLException {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL("jdbc:h2:file:" + dir.resolve(Database.FILE_NAME.replace(".mv.db", "")).toAbsolutePath());
        source.setUser("till");
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        }
    }

    private static Summary summarize(Path dir) {
        try (Database database = Database.open(dir)) {
            return database.jdbi().withHandle(h -> new Summary(
                    h.createQuery("SELECT COUNT(*) FROM account").mapTo(Integer.class).one(),
                    h.createQuery("SELECT COUNT(*) FROM bpt").mapTo(Integer.class).one(),
                    StatusCounts.of(h, "transactions"), StatusCounts.of(h, "webhook_delivery")));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
