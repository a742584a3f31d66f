package till.invoice;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
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

/**
 * SQL for invoices (the transactions table, with their Lightning payment request), the payments they received and
 * the watcher's cursor; every query an annotation here.
 */
@RegisterRowMapper(InvoiceMapper.class)
public interface InvoiceDao {
    String TRANSACTION_COLUMNS = "t.seq, t.id, t.account_id, t.bpt_id, t.invoice_hash, "
            + "t.amount_msat, t.tag, t.webhook_url, t.webhook_secret, t.split_bitcoin_percentage, t.status, t.created_at, "
            + "t.expires_at, t.settled_at, t.amount_received_msat, t.received_msat, t.fee_process_msat, "
            + "t.fiat_currency, t.fiat_amount, t.fiat_btc_price, t.fiat_rate_source, t.fiat_rate_at";
    String COLUMNS = TRANSACTION_COLUMNS + ", r.request AS bolt11, r.node_reference AS label";
    /**
     * A page's rows (chosen first, by the query between this and {@link #PAGE_END}) with their Lightning request read row by row through its unique index.
     * Joined instead, H2 began with a million rows from payment_request's side and read all of them: 28 s a page.
     * Rows without a Lightning request (on-chain only) are left out, as the join left them out.
     */
    String PAGE_OF = "SELECT * FROM (SELECT " + TRANSACTION_COLUMNS
            + ", (SELECT r.request FROM payment_request r WHERE r.transaction_id = t.id AND r.rail = 'lightning') AS bolt11"
            + ", (SELECT r.node_reference FROM payment_request r WHERE r.transaction_id = t.id AND r.rail = 'lightning') AS label"
            + " FROM (";
    /** Closes {@link #PAGE_OF} around the query that chooses the page's rows. */
    String PAGE_END = ") t) t WHERE t.bolt11 IS NOT NULL ORDER BY t.seq DESC";
    /** Every invoice read: the row and its Lightning request, found by the request's unique (transaction_id, rail). */
    String INVOICES = " FROM transactions t JOIN payment_request r ON r.transaction_id = t.id AND r.rail = 'lightning' ";

    @SqlBatch("INSERT INTO transactions (id, account_id, bpt_id, invoice_hash, amount_msat, tag, "
            + "webhook_url, webhook_secret, split_bitcoin_percentage, status, created_at, expires_at, "
            + "fiat_currency, fiat_amount, fiat_btc_price, fiat_rate_source, fiat_rate_at) VALUES "
            + "(:id, :accountId, :bptId, :invoiceHash, :amountMsat, :tag, :webhookUrl, "
            + ":webhookSecret, :splitBitcoinPercentage, 'unpaid', :createdAt, :expiresAt, "
            + ":price?.currency, :price?.amount, :price?.btcPrice, :price?.source, :price?.rateAt)")
    @GetGeneratedKeys("seq")
    long[] insert(@BindMethods List<Invoice> invoices);

    @SqlBatch("INSERT INTO payment_request (transaction_id, rail, reference, request, node_reference) "
            + "VALUES (:id, 'lightning', :invoiceHash, :bolt11, :label)")
    void insertLightningRequests(@BindMethods List<Invoice> invoices);

    @SqlQuery("SELECT " + COLUMNS + INVOICES + "WHERE t.id = :id")
    Optional<Invoice> findById(@Bind("id") String id);

    /** By the public id, the one the JSON calls {@code id} (see {@link Invoice#seq}). */
    @SqlQuery("SELECT " + COLUMNS + INVOICES + "WHERE t.seq = :seq")
    Optional<Invoice> findBySeq(@Bind("seq") long seq);

    @SqlQuery("SELECT " + COLUMNS + INVOICES + "WHERE t.invoice_hash = :hash")
    Optional<Invoice> findByHash(@Bind("hash") String invoiceHash);

    /**
     * One page, newest first, {@code fetch} rows at most; the filters are {@link InvoiceQuery#where()}. The page is
     * chosen from transactions alone, then completed ({@link #PAGE_OF}): H2 then walks the index backwards and stops after
     * the page, where with the join in the same SELECT it sorted every matching row.
     */
    @SqlQuery(PAGE_OF + "SELECT * FROM transactions t <where> ORDER BY <order> t.seq DESC LIMIT :fetch" + PAGE_END)
    @AllowUnusedBindings
    List<Invoice> page(@Define("where") String where, @Define("order") String order,
                       @BindMethods InvoiceQuery query, @Bind("fetch") int fetch);

    @SqlQuery("SELECT " + COLUMNS + INVOICES + "WHERE t.invoice_hash IN (<hashes>)")
    List<Invoice> findByHashes(@BindList("hashes") List<String> hashes);

    /** Records each payment unless its (rail, reference) already was; per row 1 when recorded, 0 for a replay. */
    @SqlBatch("INSERT INTO incoming_payment (transaction_id, rail, reference, amount_msat, confirmations, state, received_at) "
            + "SELECT :invoiceId, :rail, :reference, :amountMsat, :confirmations, :state, :receivedAt FROM (VALUES (1)) AS one "
            + "WHERE NOT EXISTS (SELECT 1 FROM incoming_payment WHERE rail = :rail AND reference = :reference)")
    int[] recordIncoming(@BindMethods List<IncomingPayment> payments);

    /** The Lightning payments among {@code references} (pay indexes) already recorded. */
    @SqlQuery("SELECT reference FROM incoming_payment WHERE rail = 'lightning' AND reference IN (<references>)")
    List<String> recordedLightning(@BindList("references") List<String> references);

    /** What each invoice received, by state: the input of {@link InvoiceStatus#derive}. */
    @SqlQuery("SELECT transaction_id, rail, state, SUM(amount_msat) AS amount_msat FROM incoming_payment "
            + "WHERE transaction_id IN (<ids>) AND state <> 'replaced' GROUP BY transaction_id, rail, state")
    @RegisterRowMapper(Received.Mapper.class)
    List<Received> received(@BindList("ids") List<String> invoiceIds);

    /** Marks the confirmed on-chain outputs of these invoices as credited: counted in the credit written with it. */
    @SqlUpdate("UPDATE incoming_payment SET credited = TRUE WHERE transaction_id IN (<ids>) AND rail = 'onchain' "
            + "AND state = 'confirmed'")
    void markOutputsCredited(@BindList("ids") List<String> invoiceIds);

    /** The confirmed on-chain outputs of these invoices that no credit counted yet. */
    @SqlQuery("SELECT transaction_id, reference, amount_msat, settled_at FROM incoming_payment WHERE transaction_id IN (<ids>) "
            + "AND rail = 'onchain' AND state = 'confirmed' AND NOT credited")
    @RegisterConstructorMapper(LateOutput.class)
    List<LateOutput> uncreditedOutputs(@BindList("ids") List<String> invoiceIds);

    @SqlUpdate("UPDATE incoming_payment SET credited = TRUE WHERE rail = 'onchain' AND reference IN (<references>)")
    void markCredited(@BindList("references") List<String> references);

    /** An on-chain output ({@code txid:vout}) that confirmed ({@code settledAt}) after its invoice was credited. */
    record LateOutput(String transactionId, String reference, long amountMsat, Instant settledAt) {}

    /** Writes each one's derived summary as given, unless it is paid already; per row 1 when this call changed it. */
    @SqlBatch("UPDATE transactions SET status = :status, settled_at = :settledAt, amount_received_msat = :amountReceivedMsat, "
            + "received_msat = :receivedMsat, fee_process_msat = :feeProcessMsat WHERE id = :id AND status <> 'paid'")
    int[] writeSummary(@BindMethods List<Invoice> derived);

    /** Writes each one's derived status and summary as given, unless it is refunded (see Settlement#resettle). */
    @SqlBatch("UPDATE transactions SET status = :status, settled_at = :settledAt, amount_received_msat = :amountReceivedMsat, "
            + "received_msat = :receivedMsat, fee_process_msat = :feeProcessMsat WHERE id = :id AND status <> 'refunded'")
    int[] writeDerived(@BindMethods List<Invoice> derived);

    /** Locks the invoices' rows until the end of the caller's database transaction (in id order: no deadlock). */
    @SqlQuery("SELECT id FROM transactions WHERE id IN (<ids>) ORDER BY id FOR UPDATE")
    List<String> lock(@BindList("ids") List<String> ids);

    @SqlQuery("SELECT " + COLUMNS + INVOICES + "WHERE t.id IN (<ids>)")
    List<Invoice> findByIds(@BindList("ids") List<String> ids);

    @SqlUpdate("UPDATE transactions SET status = 'expired' WHERE id = :id AND status = 'unpaid'")
    int markExpired(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + INVOICES + "WHERE t.status = 'unpaid' AND t.expires_at <= :now ORDER BY t.expires_at LIMIT :limit")
    List<Invoice> dueForExpiry(@Bind("now") Instant now, @Bind("limit") int limit);

    /** Invoices a payment could still arrive for: unpaid, or expired recently (a payment may race the expiry). */
    // Two index range scans rather than one OR over the whole table.
    @SqlQuery("SELECT " + COLUMNS + INVOICES + "WHERE t.status = 'unpaid' UNION ALL "
            + "SELECT " + COLUMNS + INVOICES + "WHERE t.status = 'expired' AND t.expires_at > :since")
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
