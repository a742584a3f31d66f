package till.dashboard.operator;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The operator's view's reads: each uses an index, so the view stays quick with many rows. */
@RegisterConstructorMapper(OperatorDao.AccountRow.class)
@RegisterConstructorMapper(OperatorDao.LedgerSum.class)
@RegisterConstructorMapper(OpenInvoice.class)
@RegisterConstructorMapper(FailingHost.class)
interface OperatorDao {
    /** An account as the view lists it; {@code createdAt} in epoch milliseconds. */
    record AccountRow(String id, String name, int feePpm, long balanceMsat, long createdAt) {}

    /** One account's ledger rows of one kind: their sum and number. */
    record LedgerSum(String accountId, String kind, long total, long n) {}

    /** Accounts are few (one per shop): an offset page over all of them is cheap. */
    @SqlQuery("SELECT id, name, fee_ppm, balance_msat, created_at FROM account ORDER BY created_at DESC, id DESC "
            + "LIMIT :limit OFFSET :offset")
    List<AccountRow> accounts(@Bind("limit") int limit, @Bind("offset") long offset);

    @SqlQuery("SELECT COUNT(*) FROM account")
    long accountCount();

    /** Per account and kind, over the ledger's (account_id, id) index. */
    @SqlQuery("SELECT account_id, kind, SUM(amount_msat) AS total, COUNT(*) AS n FROM ledger "
            + "WHERE account_id IN (<ids>) GROUP BY account_id, kind")
    List<LedgerSum> ledgerSums(@BindList("ids") Collection<String> accountIds);

    /**
     * Unpaid invoices not yet expired above an amount, largest first: over the (status, expires_at) index, which the
     * expirer keeps short of past ones.
     */
    @SqlQuery("SELECT t.seq AS transaction_id, a.name AS account_name, t.amount_msat, t.created_at, t.expires_at "
            + "FROM transactions t JOIN account a ON a.id = t.account_id "
            + "WHERE t.status = 'unpaid' AND t.expires_at > :now AND t.amount_msat > :above "
            + "ORDER BY t.amount_msat DESC, t.seq DESC LIMIT :limit")
    List<OpenInvoice> openInvoicesAbove(@Bind("above") long aboveMsat, @Bind("now") long nowMillis, @Bind("limit") int limit);

    @SqlQuery("SELECT COUNT(*) FROM transactions WHERE status = 'unpaid' AND expires_at > :now AND amount_msat > :above")
    long openInvoicesAboveCount(@Bind("above") long aboveMsat, @Bind("now") long nowMillis);

    /** Over the (status, next_attempt_at) index. */
    @SqlQuery("SELECT COUNT(*) FROM webhook_delivery WHERE status = 'pending'")
    long pendingDeliveries();

    @SqlQuery("SELECT MIN(created_at) FROM webhook_delivery WHERE status = 'pending'")
    Long oldestPendingDelivery();

    @SqlQuery("SELECT COUNT(*) FROM webhook_delivery WHERE status = 'failed'")
    long failedDeliveries();

    /**
     * Hosts with deliveries waiting for a retry (tried and failed at least once), the most first; a delivery queued
     * before Till noted hosts has none.
     */
    @SqlQuery("SELECT host, COUNT(*) AS pending, MIN(created_at) AS oldest, MAX(attempts) AS attempts "
            + "FROM webhook_delivery WHERE status = 'pending' AND attempts > 0 "
            + "GROUP BY host ORDER BY pending DESC, host LIMIT :limit")
    List<FailingHost> failingHosts(@Bind("limit") int limit);
}
