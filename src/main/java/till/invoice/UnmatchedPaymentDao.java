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
    String COLUMNS = "id, transaction_id, account_id, payment_hash, pay_index, amount_msat, paid_at, recorded_at";

    /** 1 when recorded, 0 when the invoice's node payment already was (a replay). */
    @SqlUpdate("INSERT INTO unmatched_payment (" + COLUMNS + ") SELECT :id, :transactionId, :accountId, :paymentHash, "
            + ":payIndex, :amountMsat, :paidAt, :recordedAt FROM (VALUES (1)) AS one "
            + "WHERE NOT EXISTS (SELECT 1 FROM unmatched_payment WHERE transaction_id = :transactionId)")
    int insertIfAbsent(@BindMethods UnmatchedPayment payment);

    @SqlQuery("SELECT " + COLUMNS + " FROM unmatched_payment ORDER BY recorded_at DESC, id DESC LIMIT :limit")
    List<UnmatchedPayment> newest(@Bind("limit") int limit);
}
