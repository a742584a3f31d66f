package till.dashboard.money;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.AllowUnusedBindings;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import till.invoice.Invoice;
import till.invoice.InvoiceDao;
import till.invoice.InvoiceMapper;

/** SQL for the shop's money: its transactions a page at a time, one of them, and its sales by day. */
@RegisterRowMapper(InvoiceMapper.class)
interface MoneyDao {
    /** The rows of a page, from transactions alone: {@code <where>} and {@code <order>} from {@link TransactionFilter}. */
    String PAGE_ROWS = "SELECT * FROM transactions t <where> ORDER BY <order> t.seq DESC LIMIT :fetch";

    /**
     * One page, newest first: chosen from transactions alone, then completed (as {@link InvoiceDao#page}), so H2 walks
     * the index that fits the filters backwards and stops after the page.
     */
    @SqlQuery(InvoiceDao.PAGE_OF + PAGE_ROWS + InvoiceDao.PAGE_END)
    @AllowUnusedBindings
    List<Invoice> page(@Define("where") String where, @Define("order") String order, @BindMethods TransactionFilter filter,
                       @Bind("afterSeq") Long afterSeq, @Bind("fetch") int fetch);

    /** By its public id, only when it is the account's: another account's transaction is not found. */
    @SqlQuery("SELECT " + InvoiceDao.COLUMNS + InvoiceDao.INVOICES + "WHERE t.seq = :seq AND t.account_id = :accountId")
    Optional<Invoice> find(@Bind("accountId") String accountId, @Bind("seq") long seq);

    /**
     * What the account received (credited) on each UTC day settled in {@code [from, to)} (epoch ms); days
     * without a sale are absent. Read from the (account_id, settled_at) index range, not the account's every row.
     */
    @SqlQuery("SELECT FLOOR(t.settled_at / 86400000) AS epoch_day, COUNT(*) AS count, SUM(t.received_msat) AS received_msat "
            + "FROM transactions t WHERE t.account_id = :accountId "
            + "AND t.settled_at >= :from AND t.settled_at < :to AND t.received_msat IS NOT NULL GROUP BY FLOOR(t.settled_at / 86400000)")
    @RegisterConstructorMapper(DaySales.class)
    List<DaySales> salesByDay(@Bind("accountId") String accountId, @Bind("from") long fromMillis, @Bind("to") long toMillis);

    @SqlQuery("SELECT COUNT(*) > 0 FROM bpt WHERE id = :bptId AND account_id = :accountId")
    boolean ownsTerminal(@Bind("accountId") String accountId, @Bind("bptId") String bptId);

    @SqlQuery("SELECT balance_msat FROM account WHERE id = :accountId")
    long balance(@Bind("accountId") String accountId);
}
