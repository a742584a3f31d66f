package till.invoice;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for unmatched payments. */
@RegisterConstructorMapper(UnmatchedPayment.class)
interface UnmatchedPaymentDao {
    String COLUMNS = "id, transaction_id, account_id, payment_hash, rail, reference, pay_index, amount_msat, paid_at, recorded_at";

    /** 1 when recorded, 0 when that payment (its rail and reference) already was (a replay). */
    @SqlUpdate("INSERT INTO unmatched_payment (" + COLUMNS + ") SELECT :id, :transactionId, :accountId, :paymentHash, "
            + ":rail, :reference, :payIndex, :amountMsat, :paidAt, :recordedAt FROM (VALUES (1)) AS one "
            + "WHERE NOT EXISTS (SELECT 1 FROM unmatched_payment WHERE rail = :rail AND reference = :reference)")
    int insertIfAbsent(@BindMethods UnmatchedPayment payment);

    @SqlQuery("SELECT u.id, u.transaction_id, t.seq AS transaction_seq, u.account_id, u.payment_hash, u.pay_index, u.rail, u.reference, "
            + "u.amount_msat, u.paid_at, u.recorded_at FROM unmatched_payment u JOIN transactions t ON t.id = u.transaction_id "
            + "ORDER BY u.recorded_at DESC, u.id DESC LIMIT :limit")
    List<UnmatchedPayment> newest(@Bind("limit") int limit);
}
