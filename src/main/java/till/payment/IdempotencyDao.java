package till.payment;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for Idempotency-Key records. */
@RegisterConstructorMapper(IdempotencyDao.Entry.class)
public interface IdempotencyDao {
    /** A key's record; {@code responseStatus} is null while its first request is still being answered. */
    record Entry(String requestHash, Integer responseStatus, String responseBody, Instant createdAt) {}

    /** Fails with a unique violation when the key is taken. */
    @SqlUpdate("INSERT INTO idempotency_key (account_id, idempotency_key, request_hash, created_at) "
            + "VALUES (:accountId, :key, :requestHash, :now)")
    void claim(@Bind("accountId") String accountId, @Bind("key") String key, @Bind("requestHash") String requestHash,
               @Bind("now") Instant now);

    @SqlQuery("SELECT request_hash, response_status, response_body, created_at FROM idempotency_key "
            + "WHERE account_id = :accountId AND idempotency_key = :key")
    Optional<Entry> find(@Bind("accountId") String accountId, @Bind("key") String key);

    @SqlUpdate("UPDATE idempotency_key SET response_status = :status, response_body = :body "
            + "WHERE account_id = :accountId AND idempotency_key = :key")
    void answer(@Bind("accountId") String accountId, @Bind("key") String key, @Bind("status") int status,
                @Bind("body") String body);

    @SqlUpdate("DELETE FROM idempotency_key WHERE account_id = :accountId AND idempotency_key = :key AND response_status IS NULL")
    void release(@Bind("accountId") String accountId, @Bind("key") String key);

    /** A stale claim becomes the caller's: 1 when this call took it, 0 when another did first. */
    @SqlUpdate("UPDATE idempotency_key SET created_at = :now WHERE account_id = :accountId AND idempotency_key = :key "
            + "AND created_at = :claimedAt AND response_status IS NULL")
    int takeOver(@Bind("accountId") String accountId, @Bind("key") String key, @Bind("claimedAt") Instant claimedAt,
                 @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM idempotency_key WHERE account_id = :accountId AND idempotency_key = :key AND created_at < :before")
    void forget(@Bind("accountId") String accountId, @Bind("key") String key, @Bind("before") Instant before);

    @SqlUpdate("DELETE FROM idempotency_key WHERE created_at < :before")
    int purge(@Bind("before") Instant before);
}
