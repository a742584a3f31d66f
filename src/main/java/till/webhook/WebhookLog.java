package till.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import till.store.UniqueViolation;
import till.error.ErrorCode;
import till.error.Problem;

/** The delivery log of a transaction's webhooks, and manual redelivery. */
public final class WebhookLog {
    /** SQLSTATE of a unique-constraint violation, in H2 and PostgreSQL alike. */

    private final Jdbi jdbi;
    private final WebhookOutbox outbox;

    public WebhookLog(Jdbi jdbi, WebhookOutbox outbox) {
        this.jdbi = jdbi;
        this.outbox = outbox;
    }

    public record AttemptEntry(Instant attemptedAtUtc, Integer statusCode, String error, long durationMs,
                               Instant nextAttemptAtUtc) {}

    public record DeliveryEntry(String webhookId, String url, DeliveryStatus status, int attempts, Instant createdAtUtc,
                                Instant nextAttemptAtUtc, Instant deliveredAtUtc, List<AttemptEntry> attemptLog) {}

    public List<DeliveryEntry> forTransaction(String transactionId) {
        return jdbi.withExtension(WebhookDao.class, dao -> dao.forTransaction(transactionId).stream()
                .map(d -> new DeliveryEntry(d.webhookId(), d.url(), d.status(), d.attempts(), d.createdAt(),
                        d.status() == DeliveryStatus.pending ? d.nextAttemptAt() : null, d.deliveredAt(),
                        dao.attempts(d.id()).stream()
                                .map(a -> new AttemptEntry(a.attemptedAt(), a.statusCode(), a.error(), a.durationMs(), a.nextAttemptAt()))
                                .toList()))
                .toList());
    }

    /**
     * Queues each of the transaction's webhooks again, now, with its original webhook id and body, so a receiver
     * that already has it can tell. A webhook whose last redelivery is still pending is not queued twice (each
     * redelivery has 72 hours of retries of its own): when that holds for all of them, 409 {@code redelivery_pending}.
     * Returns how many were queued (0: the transaction has none).
     */
    public int redeliver(String transactionId) {
        try {
            return jdbi.inTransaction(handle -> {
                List<Delivery> all = handle.attach(WebhookDao.class).forTransaction(transactionId);
                List<String> pending = all.stream().map(Delivery::pendingRedelivery).filter(Objects::nonNull).toList();
                List<Delivery> latest = all.stream()
                        .collect(Collectors.toMap(Delivery::webhookId, d -> d, (a, b) -> b, LinkedHashMap::new))
                        .values().stream().filter(d -> !pending.contains(d.webhookId())).toList();
                if (latest.isEmpty() && !pending.isEmpty()) {
                    throw stillPending();
                }
                outbox.requeue(handle, latest);
                return latest.size();
            });
        } catch (StatementException e) {
            // Another request (maybe of another Till process) queued the same redelivery a moment before.
            if (UniqueViolation.is(e)) {
                throw stillPending();
            }
            throw e;
        }
    }

    private static Problem stillPending() {
        return Problem.of(ErrorCode.REDELIVERY_PENDING);
    }
}
