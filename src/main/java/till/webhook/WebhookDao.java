package till.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for the webhook outbox and its attempt log. */
@RegisterConstructorMapper(Delivery.class)
@RegisterConstructorMapper(Attempt.class)
public interface WebhookDao {
    String COLUMNS = "id, webhook_id, transaction_id, url, content_type, body, signing_secret, status, attempts, "
            + "created_at, next_attempt_at, delivered_at";

    @SqlUpdate("INSERT INTO webhook_delivery (id, webhook_id, transaction_id, url, content_type, body, signing_secret, "
            + "status, attempts, created_at, next_attempt_at) VALUES (:id, :webhookId, :transactionId, :url, :contentType, "
            + ":body, :signingSecret, 'pending', 0, :createdAt, :nextAttemptAt)")
    void insert(@BindMethods Delivery delivery);

    @SqlQuery("SELECT " + COLUMNS + " FROM webhook_delivery WHERE id = :id")
    Optional<Delivery> find(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= :now "
            + "ORDER BY next_attempt_at LIMIT :limit")
    List<Delivery> due(@Bind("now") Instant now, @Bind("limit") int limit);

    @SqlQuery("SELECT MIN(next_attempt_at) FROM webhook_delivery WHERE status = 'pending'")
    Optional<Instant> nextDue();

    @SqlQuery("SELECT COUNT(*) FROM webhook_delivery WHERE status = 'pending'")
    long backlog();

    /** Takes a delivery for one attempt: only one dispatcher (of possibly several processes) wins the lease. */
    @SqlUpdate("UPDATE webhook_delivery SET next_attempt_at = :leaseUntil WHERE id = :id AND status = 'pending' "
            + "AND next_attempt_at = :expected")
    int claim(@Bind("id") String id, @Bind("expected") Instant expected, @Bind("leaseUntil") Instant leaseUntil);

    @SqlUpdate("UPDATE webhook_delivery SET status = :status, attempts = attempts + 1, next_attempt_at = :next, "
            + "delivered_at = :deliveredAt WHERE id = :id")
    void recordOutcome(@Bind("id") String id, @Bind("status") String status, @Bind("next") Instant next,
                       @Bind("deliveredAt") Instant deliveredAt);

    @SqlUpdate("INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, error, duration_ms, next_attempt_at) "
            + "VALUES (:deliveryId, :attemptedAt, :statusCode, :error, :durationMs, :nextAttemptAt)")
    void insertAttempt(@BindMethods Attempt attempt);

    @SqlQuery("SELECT " + COLUMNS + " FROM webhook_delivery WHERE transaction_id = :transactionId ORDER BY created_at, id")
    List<Delivery> forTransaction(@Bind("transactionId") String transactionId);

    @SqlQuery("SELECT delivery_id, attempted_at, status_code, error, duration_ms, next_attempt_at FROM webhook_attempt "
            + "WHERE delivery_id = :deliveryId ORDER BY id")
    List<Attempt> attempts(@Bind("deliveryId") String deliveryId);
}
