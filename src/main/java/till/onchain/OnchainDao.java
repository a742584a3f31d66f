package till.onchain;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for invoices' addresses (payment requests of rail onchain), the outputs they received and the spends of pending ones. */
@RegisterRowMapper(ChainPayment.Mapper.class)
public interface OnchainDao {
    String PAYMENTS = "SELECT transaction_id, reference, amount_msat, state, confirmations, block_height, received_at, settled_at "
            + "FROM incoming_payment WHERE rail = 'onchain' ";

    @SqlUpdate("INSERT INTO payment_request (transaction_id, rail, reference, request) VALUES (:invoiceId, 'onchain', :address, :address)")
    void insertAddress(@Bind("invoiceId") String invoiceId, @Bind("address") String address);

    @SqlQuery("SELECT reference FROM payment_request WHERE transaction_id = :invoiceId AND rail = 'onchain'")
    Optional<String> address(@Bind("invoiceId") String invoiceId);

    @SqlQuery("SELECT transaction_id, reference FROM payment_request WHERE transaction_id IN (<ids>) AND rail = 'onchain'")
    @RegisterConstructorMapper(InvoiceAddress.class)
    List<InvoiceAddress> addresses(@BindList("ids") List<String> invoiceIds);

    /** The invoices these addresses belong to (those that are Till's). */
    @SqlQuery("SELECT transaction_id, reference FROM payment_request WHERE rail = 'onchain' AND reference IN (<addresses>)")
    @RegisterConstructorMapper(InvoiceAddress.class)
    List<InvoiceAddress> invoicesOf(@BindList("addresses") List<String> addresses);

    @SqlQuery(PAYMENTS + "AND reference IN (<references>)")
    List<ChainPayment> byReferences(@BindList("references") List<String> references);

    /** The outputs of one transaction (reference {@code txid:vout}: a range of the (rail, reference) index). */
    @SqlQuery(PAYMENTS + "AND reference LIKE :txid || ':%'")
    List<ChainPayment> ofTransaction(@Bind("txid") String txid);

    /** Outputs still followed: not replaced and not buried below {@code deepestHeight} (unmined ones included). */
    @SqlQuery(PAYMENTS + "AND state <> 'replaced' AND (block_height IS NULL OR block_height > :deepestHeight)")
    List<ChainPayment> tracked(@Bind("deepestHeight") int deepestHeight);

    @SqlQuery(PAYMENTS + "AND transaction_id IN (<ids>) ORDER BY received_at, reference")
    List<ChainPayment> ofInvoices(@BindList("ids") List<String> invoiceIds);

    /** Per row 1 when recorded, 0 when that output was recorded already. */
    @SqlBatch("INSERT INTO incoming_payment (transaction_id, rail, reference, amount_msat, confirmations, state, block_height, "
            + "received_at, settled_at) SELECT :invoiceId, 'onchain', :reference, :amountMsat, :confirmations, :state, "
            + ":blockHeight, :receivedAt, :settledAt FROM (VALUES (1)) AS one "
            + "WHERE NOT EXISTS (SELECT 1 FROM incoming_payment WHERE rail = 'onchain' AND reference = :reference)")
    int[] insert(@BindMethods List<ChainPayment> payments);

    @SqlBatch("UPDATE incoming_payment SET state = :state, confirmations = :confirmations, block_height = :blockHeight, "
            + "settled_at = :settledAt WHERE rail = 'onchain' AND reference = :reference")
    void update(@BindMethods List<ChainPayment> payments);

    /** The pending transactions (paying a charge) that spend any of these outpoints. */
    @SqlQuery("SELECT outpoint, txid FROM onchain_spend WHERE outpoint IN (<outpoints>)")
    @RegisterConstructorMapper(Spend.class)
    List<Spend> spendsOf(@BindList("outpoints") List<String> outpoints);

    @SqlBatch("INSERT INTO onchain_spend (outpoint, txid) SELECT :outpoint, :txid FROM (VALUES (1)) AS one "
            + "WHERE NOT EXISTS (SELECT 1 FROM onchain_spend WHERE outpoint = :outpoint AND txid = :txid)")
    void insertSpends(@Bind("outpoint") List<String> outpoints, @Bind("txid") String txid);

    @SqlUpdate("DELETE FROM onchain_spend WHERE txid IN (<txids>)")
    void forgetSpends(@BindList("txids") List<String> txids);

    /** Null before the peer showed any block. */
    @SqlQuery("SELECT block_hash FROM chain_cursor WHERE name = 'peer'")
    String lastBlockHash();

    @SqlUpdate("UPDATE chain_cursor SET block_hash = :hash WHERE name = 'peer'")
    void saveLastBlockHash(@Bind("hash") String hash);

    @SqlUpdate("UPDATE transactions SET status = 'refunded' WHERE id = :id AND status = 'underpaid'")
    int markRefunded(@Bind("id") String invoiceId);

    /** An invoice's address: its payment request of rail onchain. */
    record InvoiceAddress(String transactionId, String reference) {}

    /** A pending transaction paying a charge ({@code txid}) spends {@code outpoint}. */
    record Spend(String outpoint, String txid) {}
}
