package till.refund;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for refunds. */
@RegisterConstructorMapper(Refund.class)
interface RefundDao {
    String COLUMNS = "id, charge_id, account_id, address, email, amount_sat, status, txid, created_at, processed_at";

    /** Fails on {@code refund_one_per_charge} when the charge has one already. */
    @SqlUpdate("INSERT INTO refund (" + COLUMNS + ") VALUES (:id, :chargeId, :accountId, :address, :email, :amountSat, "
            + ":status, :txid, :createdAt, :processedAt)")
    void insert(@BindMethods Refund refund);

    /** Only a pending one, so that a refund is completed (and its charge marked refunded) once; false otherwise. */
    @SqlUpdate("UPDATE refund SET status = :status, txid = :txid, processed_at = :processedAt "
            + "WHERE id = :id AND status = 'pending'")
    boolean markSent(@BindMethods Refund refund);

    /** Only a pending one: nothing was sent for it. */
    @SqlUpdate("DELETE FROM refund WHERE id = :id AND status = 'pending'")
    void deletePending(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM refund WHERE status = 'pending' AND created_at < :before ORDER BY created_at, id")
    List<Refund> pendingBefore(@Bind("before") Instant before);

    @SqlQuery("SELECT " + COLUMNS + " FROM refund WHERE id = :id")
    Optional<Refund> find(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM refund WHERE charge_id = :chargeId")
    Optional<Refund> findByCharge(@Bind("chargeId") String chargeId);

    @SqlQuery("SELECT " + COLUMNS + " FROM refund WHERE charge_id IN (<chargeIds>)")
    List<Refund> findByCharges(@BindList("chargeIds") List<String> chargeIds);

    @SqlQuery("SELECT " + COLUMNS + " FROM refund WHERE account_id = :accountId ORDER BY created_at DESC, id LIMIT :limit")
    List<Refund> listForAccount(@Bind("accountId") String accountId, @Bind("limit") int limit);
}
