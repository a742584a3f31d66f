package till.dashboard;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for dashboard sessions (stored by the SHA-256 of their cookie's secret). */
@RegisterConstructorMapper(StoredSession.class)
interface DashboardSessionDao {
    @SqlUpdate("INSERT INTO dashboard_session (id, secret_hash, account_id, key_id, admin_key_check, csrf_token, "
            + "created_at, last_seen_at, expires_at) VALUES (:id, :secretHash, :accountId, :keyId, :adminKeyCheck, :csrf, "
            + ":now, :now, :expiresAt)")
    void insert(@Bind("id") String id, @Bind("secretHash") String secretHash, @Bind("accountId") String accountId,
                @Bind("keyId") String keyId, @Bind("adminKeyCheck") String adminKeyCheck, @Bind("csrf") String csrf,
                @Bind("now") Instant now, @Bind("expiresAt") Instant expiresAt);

    /** A session that is neither revoked nor expired; its idle time is the caller's to judge. */
    @SqlQuery("SELECT id, account_id, admin_key_check, csrf_token, last_seen_at, expires_at FROM dashboard_session "
            + "WHERE secret_hash = :secretHash AND NOT revoked AND expires_at > :now")
    Optional<StoredSession> find(@Bind("secretHash") String secretHash, @Bind("now") Instant now);

    @SqlUpdate("UPDATE dashboard_session SET last_seen_at = :now WHERE id = :id AND last_seen_at < :now")
    void seen(@Bind("id") String id, @Bind("now") Instant now);

    @SqlUpdate("UPDATE dashboard_session SET revoked = TRUE WHERE id = :id")
    void revoke(@Bind("id") String id);

    /** Sessions past their expiry (revoked ones included once expired) are of no use to anyone. */
    @SqlUpdate("DELETE FROM dashboard_session WHERE expires_at <= :now")
    int deleteExpired(@Bind("now") Instant now);
}
