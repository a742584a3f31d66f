package till.dashboard.money;

import till.FirstRunOnly;
import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.account.Bpt;
import till.invoice.Invoice;
import till.invoice.InvoicePage;
import till.invoice.InvoiceStatus;
import till.store.Database;

/** The shop's money read from a real (H2) database: filters, keyset paging, one account's rows only, the plans. */
class ShopMoneyTest {
    private static final long DAY = 86_400_000L;
    /** Wednesday 2026-11-18, noon UTC. */
    private static final Instant NOW = Instant.parse("2026-11-18T12:00:00Z");
    private static final int ROWS = 3_000;
    private static final long STEP = 15 * 60_000L;

    @TempDir
    static Path dataDir;
    static Database database;
    static ShopMoney money;
    static long first;

    @BeforeAll
    static void seed() throws Exception {
        database = TestDatabase.open(dataDir);
        database.jdbi().useHandle(handle -> {
            for (String id : List.of("shop-a", "shop-b")) {
                handle.execute("INSERT INTO account (id, name, fee_ppm, balance_msat, created_at) VALUES (?, ?, 0, 42000, 0)", id, id);
                handle.execute("INSERT INTO bpt (id, account_id, name, split_bitcoin_percentage, created_at) VALUES (?, ?, ?, 100, 0)",
                        id + "-counter", id, "Counter " + id);
                handle.execute("INSERT INTO bpt (id, account_id, name, split_bitcoin_percentage, created_at) VALUES (?, ?, ?, 100, 0)",
                        id + "-bar", id, "=Bar, \"east\"");
            }
        });
        // Shop a: 3,000 at the counter, one every 15 minutes up to now (about 31 days), then 500 at the bar; shop b: 500.
        first = NOW.toEpochMilli() - (ROWS - 1) * STEP;
        SeededTransactions.seed(database.jdbi(), "shop-a", "shop-a-counter", ROWS, first, STEP);
        SeededTransactions.seed(database.jdbi(), "shop-b", "shop-b-counter", 500, first, STEP);
        SeededTransactions.seed(database.jdbi(), "shop-a", "shop-a-bar", 500, first, STEP);
        money = new ShopMoney(database.jdbi(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static TransactionFilter filter(InvoiceStatus status, String bptId, Instant from, Instant to, String search) {
        return new TransactionFilter("shop-a", status, bptId, from, to, search);
    }

    /** Every page of the filter, following the cursors. */
    private static List<Invoice> all(TransactionFilter filter) {
        List<Invoice> rows = new ArrayList<>();
        Long after = null;
        do {
            InvoicePage page = money.page(filter, after, 200);
            assertTrue(page.data().size() <= 200);
            rows.addAll(page.data());
            after = page.next() == null ? null : Long.parseLong(page.next());
        } while (after != null);
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i - 1).seq() > rows.get(i).seq(), "newest first, no row twice");
        }
        rows.forEach(row -> assertEquals("shop-a", row.accountId()));
        return rows;
    }

    @Test
    void pagesCoverTheAccountsRowsNewestFirst() {
        List<Invoice> rows = all(filter(null, null, null, null, null));
        assertEquals(ROWS + 500, rows.size());
        InvoicePage firstPage = money.page(filter(null, null, null, null, null), null, 50);
        assertEquals(50, firstPage.data().size());
        assertEquals(rows.get(0).seq(), firstPage.data().get(0).seq());
        assertEquals(Long.toString(rows.get(49).seq()), firstPage.next());
    }

    @Test
    void filtersByStatusTerminalDatesAndSearch() {
        assertEquals((ROWS + 500) - (ROWS / 5 + 500 / 5), all(filter(InvoiceStatus.paid, null, null, null, null)).size());
        assertEquals(ROWS / 5 + 500 / 5, all(filter(InvoiceStatus.expired, null, null, null, null)).size());
        assertEquals(500, all(filter(null, "shop-a-bar", null, null, null)).size());
        assertEquals(100, all(filter(InvoiceStatus.expired, "shop-a-bar", null, null, null)).size());
        assertEquals(0, all(filter(null, "shop-b-counter", null, null, null)).size(), "another shop's terminal");
        // The last day: 96 rows at the counter (every 15 minutes).
        Instant from = NOW.minusMillis(DAY - 1);
        List<Invoice> lastDay = all(filter(null, "shop-a-counter", from, NOW.plusMillis(1), null));
        assertEquals(96, lastDay.size());
        lastDay.forEach(row -> assertFalse(row.createdAt().isBefore(from)));
        assertEquals(0, all(filter(null, null, NOW.plusMillis(1), null, null)).size());
        // "order-12" is in order-12, order-120..129 and (at the counter, which has 3,000) order-1200..1299.
        assertEquals((1 + 10 + 100) + (1 + 10), all(filter(null, null, null, null, "order-12")).size());
        assertEquals(1, all(filter(null, null, null, null, "order-1234")).size());
        assertEquals(0, all(filter(null, null, null, null, "%")).size(), "a LIKE wildcard is searched for as text");
        Invoice one = all(filter(null, null, null, null, null)).get(1234);
        List<Invoice> byHash = all(filter(null, null, null, null, one.invoiceHash().toUpperCase()));
        assertEquals(List.of(one.seq()), byHash.stream().map(Invoice::seq).toList());
    }

    @Test
    void anotherAccountsTransactionIsNotFound() {
        Invoice mine = money.page(filter(null, null, null, null, null), null, 1).data().get(0);
        assertEquals(mine, money.find("shop-a", mine.seq()).orElseThrow());
        assertTrue(money.find("shop-b", mine.seq()).isEmpty());
        String hash = mine.invoiceHash();
        assertTrue(money.page(new TransactionFilter("shop-b", null, null, null, null, hash), null, 10).data().isEmpty());
    }

    @Test
    void overviewSumsUtcDays() {
        Overview overview = money.overview("shop-a");
        assertEquals(42_000, overview.balanceMsat());
        assertEquals(ShopMoney.CHART_DAYS, overview.days().size());
        assertEquals(NOW.atZone(ZoneOffset.UTC).toLocalDate(), overview.days().get(overview.days().size() - 1).day());
        // Today: settled (20 s after creation) from 00:00 to 12:00:20 UTC, at two terminals.
        long expectedCount = 0;
        long expectedMsat = 0;
        long midnight = NOW.toEpochMilli() - 12 * 3_600_000L;
        for (int terminalRows : new int[] {ROWS, 500}) {
            for (int i = 0; i < terminalRows; i++) {
                long settled = first + i * STEP + 20_000;
                if (SeededTransactions.paid(i) && settled >= midnight && settled < midnight + DAY) {
                    expectedCount++;
                    expectedMsat += SeededTransactions.amountMsat(i);
                }
            }
        }
        assertEquals(new Overview.Period(expectedCount, expectedMsat), overview.today());
        assertTrue(overview.week().count() > overview.today().count());
        assertTrue(overview.month().count() >= overview.week().count());
        assertEquals(overview.today(), Overview.Period.of(overview.days().subList(29, 30)));
    }

    @Test
    void theCsvHasEveryMatchingRow() throws Exception {
        StringWriter out = new StringWriter();
        List<Bpt> terminals = List.of(new Bpt("shop-a-bar", "shop-a", "=Bar, \"east\"", 100, null, null, null, null));
        long written = money.exportCsv(filter(InvoiceStatus.paid, "shop-a-bar", null, null, null), terminals, out);
        assertEquals(400, written);
        StringWriter all = new StringWriter();
        assertEquals(ROWS + 500, money.exportCsv(filter(null, null, null, null, null), terminals, all), "several batches");
        assertEquals(ROWS + 500 + 1, all.toString().split("\r\n").length);
        String[] lines = out.toString().split("\r\n");
        assertEquals(401, lines.length);
        assertEquals(String.join(",", TransactionsCsv.COLUMNS), lines[0]);
        assertTrue(lines[1].contains(",\"'=Bar, \"\"east\"\"\","), lines[1]);
    }

    /** Each filter's page query walks an index in order and stops: no sort of the account's rows, no table scan. */
    @Test
    @FirstRunOnly
    void everyPageQueryUsesAnIndexInOrder() {
        Instant from = NOW.minusMillis(DAY);
        assertPlan(filter(null, null, null, null, null), "TRANSACTIONS_ACCOUNT_SEQ");
        assertPlan(filter(InvoiceStatus.paid, null, null, null, null), "TRANSACTIONS_ACCOUNT_STATUS_SEQ");
        assertPlan(filter(null, "shop-a-bar", null, null, null), "TRANSACTIONS_BPT_SEQ");
        assertPlan(filter(InvoiceStatus.paid, "shop-a-bar", null, null, null), "TRANSACTIONS_ACCOUNT_STATUS_BPT_SEQ");
        assertPlan(filter(InvoiceStatus.paid, null, from, NOW, "order"), "TRANSACTIONS_ACCOUNT_STATUS_SEQ");
        String hash = money.page(filter(null, null, null, null, null), null, 1).data().get(0).invoiceHash();
        assertPlan(filter(InvoiceStatus.paid, null, null, null, hash), "CONSTRAINT_"); // invoice_hash UNIQUE
    }

    private static void assertPlan(TransactionFilter filter, String index) {
        String plan = database.jdbi().withHandle(handle -> handle.createQuery("EXPLAIN " + MoneyDao.PAGE_ROWS)
                .define("where", filter.where(1_000_000L)).define("order", filter.indexOrder())
                .bindMethods(filter).bind("afterSeq", 1_000_000L).bind("fetch", 51).mapTo(String.class).one());
        assertTrue(plan.contains("PUBLIC." + index), plan);
        if (!filter.searchesHash()) {
            assertTrue(plan.contains("/* index sorted */"), plan);
        }
    }
}
