package till.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** SQL for the webhook outbox and its attempt log. */
@RegisterConstructorMapper(Delivery.class)
@RegisterConstructorMapper(Attempt.class)
public interface WebhookDao {
    String COLUMNS = "id, webhook_id, transaction_id, url, host, content_type, body, signing_secret, status, attempts, "
            + "created_at, next_attempt_at, delivered_at, pending_redelivery";

    @SqlBatch("INSERT INTO webhook_delivery (id, webhook_id, transaction_id, url, host, content_type, body, signing_secret, "
            + "status, attempts, created_at, next_attempt_at, pending_redelivery) VALUES (:id, :webhookId, :transactionId, :url, "
            + ":host, :contentType, :body, :signingSecret, :status, 0, :createdAt, :nextAttemptAt, :pendingRedelivery)")
    void insert(@BindMethods List<Delivery> deliveries);

    @SqlQuery("SELECT " + COLUMNS + " FROM webhook_delivery WHERE id = :id")
    Optional<Delivery> find(@Bind("id") String id);

    /**
     * Deliveries due now, oldest first, except those to {@code fullHosts} (which have no free sender), locked for the
     * caller's transaction. Rows another process is claiming at the same moment are skipped, not waited for: each
     * process takes different deliveries. H2 2.3 accepts the same clause.
     */
    default List<Delivery> lockDue(Instant now, int limit, Set<String> fullHosts) {
        return fullHosts.isEmpty() ? lockDue(now, limit) : lockDueExcept(now, limit, fullHosts);
    }

    @SqlQuery("SELECT " + COLUMNS + " FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= :now "
            + "ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED")
    List<Delivery> lockDue(@Bind("now") Instant now, @Bind("limit") int limit);

    @SqlQuery("SELECT " + COLUMNS + " FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= :now "
            + "AND (host IS NULL OR host NOT IN (<fullHosts>)) ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED")
    List<Delivery> lockDueExcept(@Bind("now") Instant now, @Bind("limit") int limit,
                                 @BindList("fullHosts") Set<String> fullHosts);

    @SqlQuery("SELECT COUNT(*) FROM webhook_delivery WHERE status = 'pending'")
    long backlog();

    /**
     * Leases locked deliveries for one attempt each. The lease is also checked: a delivery leased since it was read
     * (by a commit in between) is not taken again. Per delivery 1 when this call took it.
     */
    @SqlBatch("UPDATE webhook_delivery SET next_attempt_at = :leaseUntil WHERE id = :id AND status = 'pending' "
            + "AND next_attempt_at = :nextAttemptAt")
    int[] claim(@BindMethods List<Delivery> deliveries, @Bind("leaseUntil") Instant leaseUntil);

    @SqlBatch("UPDATE webhook_delivery SET status = :status, attempts = attempts + 1, next_attempt_at = :next, "
            + "delivered_at = :deliveredAt, "
            + "pending_redelivery = CASE WHEN :status = 'pending' THEN pending_redelivery ELSE NULL END WHERE id = :deliveryId")
    void recordOutcomes(@BindMethods List<Outcome> outcomes);

    @SqlBatch("INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, error, duration_ms, next_attempt_at) "
            + "VALUES (:deliveryId, :attemptedAt, :statusCode, :error, :durationMs, :nextAttemptAt)")
    void insertAttempts(@BindMethods List<Attempt> attempts);

    @SqlQuery("SELECT " + COLUMNS + " FROM webhook_delivery WHERE transaction_id = :transactionId ORDER BY created_at, id")
    List<Delivery> forTransaction(@Bind("transactionId") String transactionId);

    @SqlQuery("SELECT delivery_id, attempted_at, status_code, error, duration_ms, next_attempt_at FROM webhook_attempt "
            + "WHERE delivery_id = :deliveryId ORDER BY id")
    List<Attempt> attempts(@Bind("deliveryId") String deliveryId);
}
