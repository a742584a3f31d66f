package till.payment;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for outgoing payments. */
@RegisterConstructorMapper(OutgoingPayment.class)
public interface OutgoingPaymentDao {
    String COLUMNS = "id, account_id, payment_hash, bolt11, amount_msat, max_fee_msat, fee_msat, status, internal, "
            + "preimage, failure_reason, created_at, settled_at";

    /**
     * Fails with a unique violation while another payment of the hash is in flight or succeeded ({@code active_hash}
     * is the hash until the payment fails): a failed payment blocks nobody.
     */
    @SqlUpdate("INSERT INTO payment (" + COLUMNS + ", active_hash, handled_by) VALUES (:id, :accountId, :paymentHash, "
            + ":bolt11, :amountMsat, :maxFeeMsat, :feeMsat, :status, :internal, :preimage, :failureReason, :createdAt, "
            + ":settledAt, CASE WHEN :status = 'failed' THEN NULL ELSE :paymentHash END, :handledBy)")
    void insert(@BindMethods OutgoingPayment payment, @Bind("handledBy") String handledBy);

    @SqlQuery("SELECT " + COLUMNS + " FROM payment WHERE id = :id")
    Optional<OutgoingPayment> findById(@Bind("id") String id);

    /** Every payment of the hash, newest first: at most one in flight or succeeded (and then the newest), the rest failed. */
    @SqlQuery("SELECT " + COLUMNS + " FROM payment WHERE payment_hash = :hash ORDER BY created_at DESC, id DESC")
    List<OutgoingPayment> findByHash(@Bind("hash") String paymentHash);

    /** The payment of the hash that is in flight or succeeded, if any. */
    @SqlQuery("SELECT " + COLUMNS + " FROM payment WHERE active_hash = :hash")
    Optional<OutgoingPayment> findActive(@Bind("hash") String paymentHash);

    /** An account's payments, newest first (the index {@code payment_account} serves it). */
    @SqlQuery("SELECT " + COLUMNS + " FROM payment WHERE account_id = :accountId ORDER BY created_at DESC, id DESC LIMIT :limit")
    List<OutgoingPayment> byAccount(@Bind("accountId") String accountId, @Bind("limit") int limit);

    /**
     * In-flight payments that no other live process handles: this process's own ({@code self}), those of processes
     * that are gone, and those written before processes were recorded. {@code alive} holds {@code self}, so it is never
     * empty.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM payment WHERE status = 'in_flight' AND (handled_by IS NULL "
            + "OR handled_by = :self OR handled_by NOT IN (<alive>)) ORDER BY created_at LIMIT :limit")
    List<OutgoingPayment> unhandled(@Bind("self") String self, @BindList("alive") Collection<String> alive,
                                    @Bind("limit") int limit);

    /** Ends an in-flight payment; 1 when this call ended it, 0 when something else already had. */
    @SqlUpdate("UPDATE payment SET status = :status, fee_msat = :feeMsat, preimage = :preimage, "
            + "failure_reason = :failureReason, settled_at = :settledAt, "
            + "active_hash = CASE WHEN :status = 'failed' THEN NULL ELSE payment_hash END "
            + "WHERE id = :id AND status = 'in_flight'")
    int finish(@Bind("id") String id, @Bind("status") OutgoingPaymentStatus status, @Bind("feeMsat") Long feeMsat,
               @Bind("preimage") String preimage, @Bind("failureReason") String failureReason,
               @Bind("settledAt") Instant settledAt);
}
