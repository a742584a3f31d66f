package till.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Writes webhooks into the outbox inside the caller's database transaction, then wakes the dispatcher after commit. */
public final class WebhookOutbox {
    private final Clock clock;
    private volatile Runnable onCommitted = () -> { };

    public WebhookOutbox(Clock clock) {
        this.clock = clock;
    }

    /** Queues a delivery as part of {@code handle}'s transaction; returns its webhook id. */
    public String enqueue(Handle handle, NewDelivery delivery) {
        String webhookId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = clock.instant();
        handle.attach(WebhookDao.class).insert(new Delivery(UUID.randomUUID().toString(), webhookId,
                delivery.transactionId(), delivery.url(), delivery.contentType(), delivery.body(), delivery.signingSecret(),
                "pending", 0, now, now, null));
        return webhookId;
    }

    /** Call after the transaction that enqueued has committed, so the dispatcher sends at once. */
    public void committed() {
        onCommitted.run();
    }

    void whenCommitted(Runnable action) {
        this.onCommitted = action;
    }
}
