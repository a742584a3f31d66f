package till.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.store.GroupCommit;

/**
 * One attempt at a delivery: post it, judge the answer (2xx delivered, 410 Gone stopped, anything else retried on the
 * {@link RetrySchedule}) and record the attempt. Attempts finishing together are recorded in one transaction.
 */
final class WebhookAttempts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookAttempts.class);
    /** Outcomes are not urgent (the lease covers them): gathering them a little longer saves commits. */
    private static final Duration OUTCOME_LINGER = Duration.ofMillis(100);

    private final RetrySchedule schedule;
    private final Clock clock;
    private final WebhookSender sender;
    private final GroupCommit<Outcome, Void> outcomes;

    WebhookAttempts(Jdbi jdbi, WebhookSender sender, RetrySchedule schedule, Clock clock) {
        this.schedule = schedule;
        this.clock = clock;
        this.sender = sender;
        this.outcomes = new GroupCommit<>(jdbi, "webhook-outcomes", OUTCOME_LINGER, (handle, batch) -> {
            WebhookDao dao = handle.attach(WebhookDao.class);
            dao.insertAttempts(batch.stream().map(Outcome::attempt).toList());
            dao.recordOutcomes(batch);
            return Collections.nCopies(batch.size(), null);
        });
    }

    /** Posts the delivery and records how it went; the record is committed after this returns. */
    void make(Delivery delivery) {
        Instant started = clock.instant();
        WebhookSender.Result result = sender.post(delivery, started.getEpochSecond());
        record(delivery, started, result.statusCode(), result.error(), result.retryAfter());
    }

    private void record(Delivery delivery, Instant started, Integer statusCode, String error, String retryAfter) {
        Instant finished = clock.instant();
        int attempts = delivery.attempts() + 1;
        DeliveryStatus status;
        Instant next = null;
        if (statusCode != null && statusCode >= 200 && statusCode < 300) {
            status = DeliveryStatus.delivered;
        } else if (statusCode != null && statusCode == 410) {
            status = DeliveryStatus.stopped;
        } else {
            next = schedule.next(attempts, delivery.createdAt(), finished, retryAfter);
            status = next == null ? DeliveryStatus.failed : DeliveryStatus.pending;
        }
        Attempt attempt = new Attempt(delivery.id(), started, statusCode, error,
                Duration.between(started, finished).toMillis(), next);
        Instant nextAttempt = next;
        Instant deliveredAt = status == DeliveryStatus.delivered ? finished : null;
        // Not waited for: the sender moves on. Until the outcome commits, the lease keeps the delivery from being
        // picked again; a crash before then means one more attempt, which webhook-id lets the receiver ignore.
        outcomes.submit(new Outcome(attempt, status, nextAttempt, deliveredAt))
                .exceptionally(e -> {
                    log.error("Could not record webhook attempt {} of {}", attempts, delivery.webhookId(), e);
                    return null;
                });
        if (status != DeliveryStatus.delivered) {
            log.info("Webhook {} to {}: attempt {} {}; {}", delivery.webhookId(), delivery.host(), attempts,
                    statusCode != null ? "answered " + statusCode : "failed: " + error,
                    next != null ? "next attempt at " + next : status);
        }
    }

    @Override
    public void close() {
        outcomes.close();
        sender.close();
    }
}
