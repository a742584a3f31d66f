package till.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import till.error.ErrorCode;
import till.error.Problem;
import till.store.UniqueViolation;

/**
 * {@code Idempotency-Key}: the first answer to a request is kept and replayed for the same key and body; the same key
 * with another body is refused. Only answers that did something (2xx) are kept: a refused request changed nothing,
 * so its key is free again for a corrected retry. Keys expire after {@link #EXPIRY}. A claim whose request never
 * answered (Till died during it) is resolved, once it is {@link #STALE_AFTER} old, from what that request started.
 */
public final class IdempotencyKeys {
    public static final int MAX_KEY_LENGTH = 200;
    /** How long a key answers with its first answer; after that it is forgotten and may be used anew. */
    public static final Duration EXPIRY = Duration.ofHours(24);
    /**
     * A claim without an answer this old belongs to a request that died: longer than any request holds its claim
     * (a payment answers within 30 s, an internal one after one node call of at most a minute).
     */
    static final Duration STALE_AFTER = Duration.ofMinutes(2);

    /** An HTTP answer as sent: status and JSON body. */
    public record Answer(int status, String body) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public IdempotencyKeys(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Answers {@code request} once per (account, key); {@code requestHash} identifies the body. {@code started} finds
     * the answer of a stale claim's request from what it did since the claim's time (empty: it did nothing, run it).
     */
    public Answer once(String accountId, String key, String requestHash, Supplier<Answer> request,
                       Function<Instant, Optional<Answer>> started) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "Idempotency-Key",
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        Instant now = clock.instant();
        Optional<IdempotencyDao.Entry> earlier = claim(accountId, key, requestHash, now);
        if (earlier.isPresent()) {
            IdempotencyDao.Entry entry = earlier.get();
            if (!entry.requestHash().equals(requestHash)) {
                throw Problem.at(ErrorCode.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key");
            }
            if (entry.responseStatus() != null) {
                return new Answer(entry.responseStatus(), entry.responseBody());
            }
            if (entry.createdAt().plus(STALE_AFTER).isAfter(now) || !takeOver(accountId, key, entry.createdAt(), now)) {
                throw inProgress();
            }
            Optional<Answer> found = started.apply(entry.createdAt());
            if (found.isPresent()) {
                store(accountId, key, found.get());
                return found.get();
            }
        }
        Answer answer;
        try {
            answer = request.get();
        } catch (RuntimeException e) {
            jdbi.useExtension(IdempotencyDao.class, dao -> dao.release(accountId, key));
            throw e;
        }
        store(accountId, key, answer);
        return answer;
    }

    /**
     * Claims the key for this request: empty when claimed, else the entry of the request that holds it. The insert is
     * its own transaction, so the unique violation that tells a request (of any Till process) it came second ends
     * nothing else: PostgreSQL would abort a transaction around it.
     */
    private Optional<IdempotencyDao.Entry> claim(String accountId, String key, String requestHash, Instant now) {
        // An expired key is forgotten first, so it is claimed like a new one.
        jdbi.useExtension(IdempotencyDao.class, dao -> dao.forget(accountId, key, now.minus(EXPIRY)));
        try {
            jdbi.useExtension(IdempotencyDao.class, dao -> dao.claim(accountId, key, requestHash, now));
            return Optional.empty();
        } catch (UnableToExecuteStatementException e) {
            if (!UniqueViolation.is(e)) {
                throw e;
            }
            return Optional.of(jdbi.withExtension(IdempotencyDao.class, dao -> dao.find(accountId, key))
                    .orElseThrow(IdempotencyKeys::inProgress));
        }
    }

    /** Makes a stale claim this request's (its time moves to now); false when another request took it first. */
    private boolean takeOver(String accountId, String key, Instant claimedAt, Instant now) {
        return jdbi.withExtension(IdempotencyDao.class, dao -> dao.takeOver(accountId, key, claimedAt, now)) == 1;
    }

    private void store(String accountId, String key, Answer answer) {
        jdbi.useExtension(IdempotencyDao.class, dao -> dao.answer(accountId, key, answer.status(), answer.body()));
    }

    /** Deletes the expired keys; answers how many. */
    public int purgeExpired() {
        return jdbi.withExtension(IdempotencyDao.class, dao -> dao.purge(clock.instant().minus(EXPIRY)));
    }

    private static Problem inProgress() {
        return Problem.at(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, "Idempotency-Key");
    }
}
