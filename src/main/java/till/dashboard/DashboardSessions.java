package till.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import till.account.AdminKey;
import till.account.Secrets;
import till.store.Ids;

/**
 * Dashboard sessions, server-side: opened at sign-in, found by the cookie's secret on every request (never cached, so
 * an ended session is refused at once in every Till process sharing the database), ended by sign-out, by their fixed
 * {@link #LIFETIME}, after {@link #IDLE} without a request, by revoking the key that opened them (the database's cascade)
 * or, for the operator's, by a new admin key.
 */
public final class DashboardSessions {
    /** A working day: the shop signs in once in the morning. */
    static final Duration LIFETIME = Duration.ofHours(12);
    /** A dashboard left open and unused on a shared counter computer ends on its own. */
    static final Duration IDLE = Duration.ofHours(2);
    /** A session's last use is written at most this often: a write per page view is not worth a minute's precision. */
    static final Duration NOTE_SEEN_EVERY = Duration.ofMinutes(1);

    private final Jdbi jdbi;
    private final AdminKey adminKey;
    private final Clock clock;

    public DashboardSessions(Jdbi jdbi, AdminKey adminKey, Clock clock) {
        this.jdbi = jdbi;
        this.adminKey = adminKey;
        this.clock = clock;
    }

    /** A new session and the cookie secret that names it: the secret exists in clear only here and in the cookie. */
    public record Opened(DashboardSession session, String secret) {}

    /** Opens a session for an account's key ({@code accountId}, {@code keyId}) or, both null, for the admin key. */
    Opened open(String accountId, String keyId) {
        Instant now = clock.instant();
        String secret = Secrets.random(32);
        DashboardSession session = new DashboardSession(Ids.next(), accountId, Secrets.random(32), now.plus(LIFETIME));
        jdbi.useTransaction(handle -> {
            DashboardSessionDao dao = handle.attach(DashboardSessionDao.class);
            dao.deleteExpired(now);
            dao.insert(session.id(), Secrets.hash(secret), accountId, keyId, accountId == null ? adminKey.check() : null,
                    session.csrfToken(), now, session.expiresAt());
        });
        return new Opened(session, secret);
    }

    /** The live session this cookie secret names: not signed out, not expired, not idle, its key still valid. */
    Optional<DashboardSession> find(String secret) {
        Instant now = clock.instant();
        return jdbi.withExtension(DashboardSessionDao.class, dao -> dao.find(Secrets.hash(secret), now)
                .filter(s -> s.lastSeenAt().plus(IDLE).isAfter(now))
                .filter(s -> s.accountId() != null || adminKey.check().equals(s.adminKeyCheck()))
                .map(s -> {
                    if (!s.lastSeenAt().plus(NOTE_SEEN_EVERY).isAfter(now)) {
                        dao.seen(s.id(), now);
                    }
                    return new DashboardSession(s.id(), s.accountId(), s.csrfToken(), s.expiresAt());
                }));
    }

    /** Ends a session (sign-out). */
    void revoke(String id) {
        jdbi.useExtension(DashboardSessionDao.class, dao -> dao.revoke(id));
    }
}
