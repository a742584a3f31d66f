package till.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for accounts' API keys (stored as their SHA-256). */
@RegisterConstructorMapper(ApiKey.class)
@RegisterConstructorMapper(Caller.OfAccount.class)
interface ApiKeyDao {
    @SqlUpdate("INSERT INTO api_key (id, account_id, kind, label, key_hash, created_at) "
            + "VALUES (:id, :accountId, :kind, :label, :hash, :now)")
    void insert(@Bind("id") String id, @Bind("accountId") String accountId, @Bind("kind") KeyKind kind,
                @Bind("label") String label, @Bind("hash") String hash, @Bind("now") Instant now);

    @SqlQuery("SELECT id, kind, label, created_at, last_used_at FROM api_key WHERE account_id = :accountId ORDER BY created_at, id")
    List<ApiKey> list(@Bind("accountId") String accountId);

    @SqlQuery("SELECT account_id, id AS key_id, kind FROM api_key WHERE key_hash = :hash")
    Optional<Caller.OfAccount> findByHash(@Bind("hash") String hash);

    /** Locks the account's row until the transaction ends; empty when there is no such account. */
    @SqlQuery("SELECT id FROM account WHERE id = :accountId FOR UPDATE")
    Optional<String> lockAccount(@Bind("accountId") String accountId);

    @SqlQuery("SELECT kind FROM api_key WHERE id = :id AND account_id = :accountId")
    Optional<KeyKind> kindOf(@Bind("accountId") String accountId, @Bind("id") String id);

    @SqlQuery("SELECT COUNT(*) FROM api_key WHERE account_id = :accountId AND kind = 'full'")
    int countFull(@Bind("accountId") String accountId);

    @SqlUpdate("DELETE FROM api_key WHERE id = :id")
    void delete(@Bind("id") String id);

    @SqlUpdate("UPDATE api_key SET last_used_at = :now WHERE id = :id")
    void noteUse(@Bind("id") String id, @Bind("now") Instant now);
}
