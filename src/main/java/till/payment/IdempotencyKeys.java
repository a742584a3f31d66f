package till.payment;

import java.time.Clock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import till.error.Problem;

/**
 * {@code Idempotency-Key}: the first answer to a request is kept and replayed for the same key and body; the same key
 * with another body is refused. Only answers that did something (2xx) are kept: a refused request changed nothing,
 * so its key is free again for a corrected retry.
 */
public final class IdempotencyKeys {
    public static final int MAX_KEY_LENGTH = 200;

    /** An HTTP answer as sent: status and JSON body. */
    public record Answer(int status, String body) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public IdempotencyKeys(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Answers {@code request} once per (account, key); {@code requestHash} identifies the body. */
    public Answer once(String accountId, String key, String requestHash, Supplier<Answer> request) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw Problem.badRequest("invalid_field", "Idempotency-Key",
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        try {
            jdbi.useExtension(IdempotencyDao.class, dao -> dao.claim(accountId, key, requestHash, clock.instant()));
        } catch (UnableToExecuteStatementException e) {
            if (!PaymentService.isUniqueViolation(e)) {
                throw e;
            }
            return earlierAnswer(accountId, key, requestHash);
        }
        Answer answer;
        try {
            answer = request.get();
        } catch (RuntimeException e) {
            jdbi.useExtension(IdempotencyDao.class, dao -> dao.release(accountId, key));
            throw e;
        }
        jdbi.useExtension(IdempotencyDao.class, dao -> dao.answer(accountId, key, answer.status(), answer.body()));
        return answer;
    }

    private Answer earlierAnswer(String accountId, String key, String requestHash) {
        IdempotencyDao.Entry earlier = jdbi.withExtension(IdempotencyDao.class, dao -> dao.find(accountId, key))
                .orElseThrow(IdempotencyKeys::inProgress);
        if (!earlier.requestHash().equals(requestHash)) {
            throw new Problem(409, "idempotency_key_reused",
                    "This Idempotency-Key was used with a different request body", "Idempotency-Key");
        }
        if (earlier.responseStatus() == null) {
            throw inProgress();
        }
        return new Answer(earlier.responseStatus(), earlier.responseBody());
    }

    private static Problem inProgress() {
        return new Problem(409, "idempotency_key_in_progress",
                "A request with this Idempotency-Key is still being answered; retry shortly", "Idempotency-Key");
    }
}
