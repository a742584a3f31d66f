package till.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** The delivery log of a transaction's webhooks, and manual redelivery. */
public final class WebhookLog {
    private final Jdbi jdbi;
    private final WebhookOutbox outbox;

    public WebhookLog(Jdbi jdbi, WebhookOutbox outbox) {
        this.jdbi = jdbi;
        this.outbox = outbox;
    }

    public record AttemptEntry(Instant attemptedAtUtc, Integer statusCode, String error, long durationMs,
                               Instant nextAttemptAtUtc) {}

    public record DeliveryEntry(String webhookId, String url, String status, int attempts, Instant createdAtUtc,
                                Instant nextAttemptAtUtc, Instant deliveredAtUtc, List<AttemptEntry> attemptLog) {}

    public List<DeliveryEntry> forTransaction(String transactionId) {
        return jdbi.withExtension(WebhookDao.class, dao -> dao.forTransaction(transactionId).stream()
                .map(d -> new DeliveryEntry(d.webhookId(), d.url(), d.status(), d.attempts(), d.createdAt(),
                        d.status().equals("pending") ? d.nextAttemptAt() : null, d.deliveredAt(),
                        dao.attempts(d.id()).stream()
                                .map(a -> new AttemptEntry(a.attemptedAt(), a.statusCode(), a.error(), a.durationMs(), a.nextAttemptAt()))
                                .toList()))
                .toList());
    }

    /**
     * Queues each of the transaction's webhooks again, now, with its original webhook id and body, so a receiver
     * that already has it can tell. Returns how many were queued (0: the transaction has none).
     */
    public int redeliver(String transactionId) {
        return jdbi.inTransaction(handle -> {
            WebhookDao dao = handle.attach(WebhookDao.class);
            List<Delivery> latest = dao.forTransaction(transactionId).stream()
                    .collect(Collectors.toMap(Delivery::webhookId, d -> d, (a, b) -> b,
                            LinkedHashMap::new))
                    .values().stream().toList();
            outbox.requeue(handle, latest);
            return latest.size();
        });
    }
}
