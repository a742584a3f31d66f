package till.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for outgoing payments. */
@RegisterConstructorMapper(Payment.class)
public interface PaymentDao {
    String COLUMNS = "id, account_id, payment_hash, bolt11, amount_msat, max_fee_msat, fee_msat, status, internal, "
            + "preimage, failure_reason, created_at, settled_at";

    @SqlUpdate("INSERT INTO payment (" + COLUMNS + ") VALUES (:id, :accountId, :paymentHash, :bolt11, :amountMsat, "
            + ":maxFeeMsat, :feeMsat, :status, :internal, :preimage, :failureReason, :createdAt, :settledAt)")
    void insert(@BindMethods Payment payment);

    @SqlQuery("SELECT " + COLUMNS + " FROM payment WHERE id = :id")
    Optional<Payment> findById(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM payment WHERE payment_hash = :hash")
    Optional<Payment> findByHash(@Bind("hash") String paymentHash);

    @SqlQuery("SELECT " + COLUMNS + " FROM payment WHERE status = 'in_flight' ORDER BY created_at LIMIT :limit")
    List<Payment> inFlight(@Bind("limit") int limit);

    /** Ends an in-flight payment; 1 when this call ended it, 0 when something else already had. */
    @SqlUpdate("UPDATE payment SET status = :status, fee_msat = :feeMsat, preimage = :preimage, "
            + "failure_reason = :failureReason, settled_at = :settledAt WHERE id = :id AND status = 'in_flight'")
    int finish(@Bind("id") String id, @Bind("status") PaymentStatus status, @Bind("feeMsat") Long feeMsat,
               @Bind("preimage") String preimage, @Bind("failureReason") String failureReason,
               @Bind("settledAt") Instant settledAt);
}
