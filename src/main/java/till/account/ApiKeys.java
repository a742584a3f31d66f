package till.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import till.error.ErrorCode;
import till.error.Problem;
import till.store.Ids;

/**
 * Accounts' API keys: made, listed, revoked, and found by the key itself. Lookups are never cached, so a revoked key
 * is refused on its next request, in every Till process sharing the database.
 */
public final class ApiKeys {
    private static final Map<KeyKind, String> PREFIXES = Map.of(KeyKind.full, "till_acct_", KeyKind.receive, "till_recv_");
    /** A key's {@code lastUsedAt} is written at most this often; see {@link #noteUse}. */
    static final Duration NOTE_USE_EVERY = Duration.ofMinutes(1);

    private final Jdbi jdbi;
    private final Clock clock;
    /** When this process last wrote each key's use: one entry per key that has been used, gone when it is revoked. */
    private final Map<String, Instant> usesNoted = new ConcurrentHashMap<>();

    ApiKeys(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public NewApiKey create(String accountId, KeyKind kind, String label) {
        return jdbi.inTransaction(handle -> insert(handle, accountId, kind, label));
    }

    /** Makes a key inside the caller's database transaction (the account's first key is made with the account). */
    NewApiKey insert(Handle handle, String accountId, KeyKind kind, String label) {
        String apiKey = Secrets.newApiKey(PREFIXES.get(kind));
        ApiKey key = new ApiKey(Ids.next(), kind, label, clock.instant(), null);
        handle.attach(ApiKeyDao.class).insert(key.id(), accountId, kind, label, Secrets.hash(apiKey), key.createdAt());
        return new NewApiKey(key, apiKey);
    }

    /** The account's keys, oldest first. */
    public List<ApiKey> list(String accountId) {
        return jdbi.withExtension(ApiKeyDao.class, dao -> dao.list(accountId));
    }

    /**
     * Revokes one of the account's keys. Its last full key stays (409), so that an account can always reach its
     * balance and make new keys, unless {@code evenTheLastFull}: the admin may, and can make the account a new one.
     */
    public void revoke(String accountId, String keyId, boolean evenTheLastFull) {
        jdbi.useTransaction(handle -> {
            ApiKeyDao dao = handle.attach(ApiKeyDao.class);
            // The account's row lock makes concurrent revocations of its last two full keys count one after the other.
            dao.lockAccount(accountId).orElseThrow(() -> Problem.of(ErrorCode.ACCOUNT_NOT_FOUND));
            KeyKind kind = dao.kindOf(accountId, keyId)
                    .orElseThrow(() -> Problem.of(ErrorCode.KEY_NOT_FOUND));
            if (kind == KeyKind.full && !evenTheLastFull && dao.countFull(accountId) == 1) {
                throw Problem.of(ErrorCode.LAST_FULL_KEY);
            }
            dao.delete(keyId);
        });
        usesNoted.remove(keyId);
    }

    /** The account and kind of this key, if it is one of an account's keys. */
    public Optional<Caller.OfAccount> find(String apiKey) {
        Optional<Caller.OfAccount> found = jdbi.withExtension(ApiKeyDao.class, dao -> dao.findByHash(Secrets.hash(apiKey)));
        found.ifPresent(key -> noteUse(key.keyId()));
        return found;
    }

    /**
     * Records that the key was used, in the database at most once a minute per key: a write on every authenticated
     * request would put a commit on the path of every read, and a minute is precise enough to tell a key in use from a
     * forgotten one. Of concurrent requests, only the one that swaps the remembered time writes.
     */
    private void noteUse(String keyId) {
        Instant now = clock.instant();
        Instant noted = usesNoted.get(keyId);
        boolean due = noted == null ? usesNoted.putIfAbsent(keyId, now) == null
                : !now.isBefore(noted.plus(NOTE_USE_EVERY)) && usesNoted.replace(keyId, noted, now);
        if (due) {
            jdbi.useExtension(ApiKeyDao.class, dao -> dao.noteUse(keyId, now));
        }
    }
}
