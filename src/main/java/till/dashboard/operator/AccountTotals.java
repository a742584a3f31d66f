package till.dashboard.operator;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import till.account.LedgerKind;

/** The accounts, newest first, a page at a time, each with its totals from the ledger. */
public final class AccountTotals {
    public static final int PAGE_SIZE = 50;

    private final Jdbi jdbi;

    public AccountTotals(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Page {@code page} (from 1); a page past the last is the last. */
    public AccountsPage page(int page) {
        return jdbi.inTransaction(handle -> {
            OperatorDao dao = handle.attach(OperatorDao.class);
            long total = dao.accountCount();
            int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
            int shown = Math.min(Math.max(page, 1), pages);
            List<OperatorDao.AccountRow> rows = dao.accounts(PAGE_SIZE, (long) (shown - 1) * PAGE_SIZE);
            Map<String, Map<String, OperatorDao.LedgerSum>> sums = new HashMap<>();
            if (!rows.isEmpty()) {
                dao.ledgerSums(rows.stream().map(OperatorDao.AccountRow::id).toList()).forEach(s ->
                        sums.computeIfAbsent(s.accountId(), k -> new HashMap<>()).put(s.kind(), s));
            }
            List<AccountSummary> accounts = rows.stream()
                    .map(row -> summary(row, sums.getOrDefault(row.id(), Map.of()))).toList();
            return new AccountsPage(accounts, shown, pages, total);
        });
    }

    private static AccountSummary summary(OperatorDao.AccountRow row, Map<String, OperatorDao.LedgerSum> byKind) {
        return new AccountSummary(row.id(), row.name(), row.feePpm(), row.balanceMsat(),
                Instant.ofEpochMilli(row.createdAt()),
                total(byKind, LedgerKind.CREDIT) + total(byKind, LedgerKind.UNMATCHED_PAYMENT),
                count(byKind, LedgerKind.CREDIT) + count(byKind, LedgerKind.UNMATCHED_PAYMENT),
                -(total(byKind, LedgerKind.RESERVE) + total(byKind, LedgerKind.RELEASE) + total(byKind, LedgerKind.DEBIT)));
    }

    private static long total(Map<String, OperatorDao.LedgerSum> byKind, LedgerKind kind) {
        OperatorDao.LedgerSum sum = byKind.get(kind.stored());
        return sum == null ? 0 : sum.total();
    }

    private static long count(Map<String, OperatorDao.LedgerSum> byKind, LedgerKind kind) {
        OperatorDao.LedgerSum sum = byKind.get(kind.stored());
        return sum == null ? 0 : sum.n();
    }
}
