package till.withdrawal;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for the callbacks of withdrawals ({@code withdrawal_callback}, V20). */
interface WithdrawalCallbackDao {
    /** Where a withdrawal's end is posted, and its signature. */
    record Callback(String callbackUrl, String hashedOrder) {}

    @SqlUpdate("INSERT INTO withdrawal_callback (payment_id, callback_url, hashed_order) VALUES (:paymentId, :url, :hashedOrder)")
    void insert(@Bind("paymentId") String paymentId, @Bind("url") String url, @Bind("hashedOrder") String hashedOrder);

    @SqlQuery("SELECT callback_url, hashed_order FROM withdrawal_callback WHERE payment_id = :paymentId")
    @RegisterConstructorMapper(Callback.class)
    Optional<Callback> find(@Bind("paymentId") String paymentId);
}
