package till.invoice;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.AllowUnusedBindings;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for invoices (the transactions table) and the watcher's cursor; every query an annotation here. */
@RegisterRowMapper(InvoiceMapper.class)
public interface InvoiceDao {
    String COLUMNS = "seq, id, account_id, bpt_id, invoice_hash, bolt11, label, amount_msat, tag, webhook_url, "
            + "webhook_secret, split_bitcoin_percentage, status, created_at, expires_at, settled_at, "
            + "amount_received_msat, received_msat, fee_process_msat, pay_index";

    @SqlBatch("INSERT INTO transactions (id, account_id, bpt_id, invoice_hash, bolt11, label, amount_msat, tag, "
            + "webhook_url, webhook_secret, split_bitcoin_percentage, status, created_at, expires_at) VALUES "
            + "(:id, :accountId, :bptId, :invoiceHash, :bolt11, :label, :amountMsat, :tag, :webhookUrl, "
            + ":webhookSecret, :splitBitcoinPercentage, 'unpaid', :createdAt, :expiresAt)")
    @GetGeneratedKeys("seq")
    long[] insert(@BindMethods List<Invoice> transactions);

    @SqlQuery("SELECT " + COLUMNS + " FROM transactions WHERE id = :id")
    Optional<Invoice> findById(@Bind("id") String id);

    /** By the public id, the one the JSON calls {@code id} (see {@link Invoice#seq}). */
    @SqlQuery("SELECT " + COLUMNS + " FROM transactions WHERE seq = :seq")
    Optional<Invoice> findBySeq(@Bind("seq") long seq);

    @SqlQuery("SELECT " + COLUMNS + " FROM transactions WHERE invoice_hash = :hash")
    Optional<Invoice> findByHash(@Bind("hash") String invoiceHash);

    /** One page, newest first, {@code fetch} rows at most; the filters are {@link InvoiceQuery#where()}. */
    @SqlQuery("SELECT " + COLUMNS + " FROM transactions <where> ORDER BY <order> seq DESC LIMIT :fetch")
    @AllowUnusedBindings
    List<Invoice> page(@Define("where") String where, @Define("order") String order,
                           @BindMethods InvoiceQuery query, @Bind("fetch") int fetch);

    @SqlQuery("SELECT " + COLUMNS + " FROM transactions WHERE invoice_hash IN (<hashes>)")
    List<Invoice> findByHashes(@BindList("hashes") List<String> hashes);

    /** Marks each paid, as given, unless it already is; per row 1 when this call settled it. */
    @SqlBatch("UPDATE transactions SET status = 'paid', settled_at = :settledAt, amount_received_msat = :amountReceivedMsat, "
            + "received_msat = :receivedMsat, fee_process_msat = :feeProcessMsat, pay_index = :payIndex "
            + "WHERE id = :id AND status <> 'paid'")
    int[] markPaid(@BindMethods List<Invoice> settled);

    @SqlUpdate("UPDATE transactions SET status = 'expired' WHERE id = :id AND status = 'unpaid'")
    int markExpired(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM transactions WHERE status = 'unpaid' AND expires_at <= :now ORDER BY expires_at LIMIT :limit")
    List<Invoice> dueForExpiry(@Bind("now") Instant now, @Bind("limit") int limit);

    /** Invoices a payment could still arrive for: unpaid, or expired recently (a payment may race the expiry). */
    // Two index range scans rather than one OR over the whole table.
    @SqlQuery("SELECT " + COLUMNS + " FROM transactions WHERE status = 'unpaid' UNION ALL "
            + "SELECT " + COLUMNS + " FROM transactions WHERE status = 'expired' AND expires_at > :since")
    List<Invoice> openOrRecentlyExpired(@Bind("since") Instant since);

    @SqlQuery("SELECT pay_index FROM watcher_cursor WHERE name = 'invoices'")
    long cursor();

    /**
     * Moves the cursor to {@code to} only from {@code from} - 1 or later: a batch beyond a gap (an earlier payment whose
     * settlement failed) leaves it where it is, so the cursor never passes a payment that was not settled.
     */
    @SqlUpdate("UPDATE watcher_cursor SET pay_index = :to WHERE name = 'invoices' AND pay_index < :to AND pay_index >= :from - 1")
    void advanceCursor(@Bind("from") long from, @Bind("to") long to);
}
