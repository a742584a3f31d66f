package till.charge;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for charges. */
@RegisterConstructorMapper(Charge.class)
public interface ChargeDao {
    String COLUMNS = "id, transaction_id, account_id, amount_sat, description, order_id, callback_url, success_url, "
            + "auto_settle, ttl_minutes, hashed_order, created_at, metadata, notif_email";

    @SqlUpdate("INSERT INTO charge (" + COLUMNS + ") VALUES (:id, :transactionId, :accountId, :amountSat, :description, "
            + ":orderId, :callbackUrl, :successUrl, :autoSettle, :ttlMinutes, :hashedOrder, :createdAt, :metadata, :notifEmail)")
    void insert(@BindMethods Charge charge);

    @SqlQuery("SELECT " + COLUMNS + " FROM charge WHERE id = :id")
    Optional<Charge> find(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM charge WHERE transaction_id = :transactionId")
    Optional<Charge> findByTransaction(@Bind("transactionId") String transactionId);

    @SqlQuery("SELECT " + COLUMNS + " FROM charge WHERE transaction_id IN (<ids>)")
    List<Charge> findByTransactions(@BindList("ids") List<String> transactionIds);

    /** A page of the account's paid charges, newest first (charges are the invoices made without a terminal). */
    @SqlQuery("SELECT " + COLUMNS + " FROM charge WHERE transaction_id IN (SELECT id FROM transactions "
            + "WHERE account_id = :accountId AND status = 'paid' AND bpt_id IS NULL ORDER BY seq DESC LIMIT :limit OFFSET :offset) "
            + "ORDER BY (SELECT seq FROM transactions WHERE transactions.id = charge.transaction_id) DESC")
    List<Charge> paidForAccount(@Bind("accountId") String accountId, @Bind("limit") int limit, @Bind("offset") long offset);
}
