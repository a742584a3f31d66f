package till.dashboard.money;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import till.account.Bpt;
import till.invoice.Invoice;
import till.invoice.InvoicePage;

/** Reads one shop's money: its overview, its transactions a page at a time or all of them as CSV, one transaction. */
public final class ShopMoney {
    static final int CHART_DAYS = 30;
    /** Rows read at a time while the CSV is written. */
    static final int CSV_BATCH = 1000;

    private final Jdbi jdbi;
    private final Clock clock;

    public ShopMoney(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Overview overview(String accountId) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate chartStart = today.minusDays(CHART_DAYS - 1);
        LocalDate weekStart = today.with(DayOfWeek.MONDAY);
        LocalDate monthStart = today.withDayOfMonth(1);
        LocalDate first = monthStart.isBefore(chartStart) ? monthStart : chartStart;
        return jdbi.withExtension(MoneyDao.class, dao -> {
            Map<LocalDate, DaySales> sold = dao.salesByDay(accountId, millis(first), millis(today.plusDays(1))).stream()
                    .collect(Collectors.toMap(DaySales::day, Function.identity()));
            List<DaySales> days = new ArrayList<>();
            for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
                days.add(sold.getOrDefault(day, DaySales.none(day)));
            }
            return new Overview(dao.balance(accountId), Overview.Period.of(since(days, today)),
                    Overview.Period.of(since(days, weekStart)), Overview.Period.of(since(days, monthStart)),
                    since(days, chartStart));
        });
    }

    /** The account's balance now. */
    long balance(String accountId) {
        return jdbi.withExtension(MoneyDao.class, dao -> dao.balance(accountId));
    }

    /** Newest first, {@code limit} at most, below {@code afterSeq} (the previous page's last), with the next cursor. */
    public InvoicePage page(TransactionFilter filter, Long afterSeq, int limit) {
        List<Invoice> rows = jdbi.withExtension(MoneyDao.class, dao -> ownTerminal(dao, filter)
                ? dao.page(filter.where(afterSeq), filter.indexOrder(), filter, afterSeq, limit + 1) : List.of());
        if (rows.size() <= limit) {
            return new InvoicePage(rows, null);
        }
        List<Invoice> page = List.copyOf(rows.subList(0, limit));
        return new InvoicePage(page, Long.toString(page.get(limit - 1).seq()));
    }

    /** The account's transaction of this public id; another account's is not found. */
    public Optional<Invoice> find(String accountId, long seq) {
        return jdbi.withExtension(MoneyDao.class, dao -> dao.find(accountId, seq));
    }

    /**
     * Every transaction the filter matches, newest first, written to {@code out} as CSV while they are read: a keyset
     * page of {@value #CSV_BATCH} at a time, each read in the index's order and stopped after the page (as the list's
     * pages), so neither Till nor H2 ever holds more than one batch. {@code accountTerminals} name the terminals.
     * Returns how many rows were written.
     */
    public long exportCsv(TransactionFilter filter, List<Bpt> accountTerminals, Writer out) throws IOException {
        TransactionsCsv csv = new TransactionsCsv(out);
        csv.header();
        Map<String, String> terminals = accountTerminals.stream().collect(Collectors.toMap(Bpt::id, Bpt::name));
        long written = 0;
        Long after = null;
        do {
            InvoicePage batch = page(filter, after, CSV_BATCH);
            for (Invoice invoice : batch.data()) {
                csv.row(new TransactionsCsv.Row(invoice, invoice.bptId() == null ? null : terminals.get(invoice.bptId())));
            }
            written += batch.data().size();
            after = batch.next() == null ? null : Long.valueOf(batch.next());
        } while (after != null);
        csv.flush();
        return written;
    }

    /** No terminal asked for, or one of the account's: another account's terminal has nothing to show. */
    private static boolean ownTerminal(MoneyDao dao, TransactionFilter filter) {
        return filter.bptId() == null || dao.ownsTerminal(filter.accountId(), filter.bptId());
    }

    private static List<DaySales> since(List<DaySales> days, LocalDate first) {
        return days.stream().filter(day -> !day.day().isBefore(first)).toList();
    }

    private static long millis(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
