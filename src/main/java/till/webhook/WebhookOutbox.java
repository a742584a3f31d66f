package till.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import org.jdbi.v3.core.Handle;
import till.net.HttpUrls;
import till.store.Ids;

/**
 * Writes webhooks into the outbox inside the caller's database transaction and, once it commits, hands them to the
 * dispatcher to send at once. Each is written already leased for its first attempt, so the dispatchers' database
 * polls leave it alone unless this process does not send it in time (a crash, an overload): then the poll of any
 * Till process on the database retries it when the lease runs out. Nothing is lost either way; in the normal case no query is spent on finding it.
 */
public final class WebhookOutbox {
    /** Longer than one attempt can take (10 s), short enough that an attempt cut off by a crash is soon retried. */
    static final Duration LEASE = Duration.ofSeconds(15);

    private final Clock clock;
    private volatile Consumer<List<Delivery>> onCommitted = deliveries -> { };

    public WebhookOutbox(Clock clock) {
        this.clock = clock;
    }

    /** Queues deliveries as part of {@code handle}'s transaction, each with a new webhook id. */
    public void enqueue(Handle handle, List<NewDelivery> deliveries) {
        Instant now = clock.instant();
        insert(handle, deliveries.stream()
                .map(d -> leased("msg_" + UUID.randomUUID().toString().replace("-", ""), d, now, false)).toList());
    }

    /**
     * Queues earlier deliveries again as manual redeliveries, with their webhook ids and bodies, as part of
     * {@code handle}'s transaction. The database refuses a second pending redelivery of a webhook id.
     */
    void requeue(Handle handle, List<Delivery> earlier) {
        Instant now = clock.instant();
        insert(handle, earlier.stream().map(d -> leased(d.webhookId(),
                new NewDelivery(d.transactionId(), d.url(), d.contentType(), d.body(), d.signingSecret()), now, true)).toList());
    }

    private static Delivery leased(String webhookId, NewDelivery d, Instant now, boolean redelivery) {
        HttpUrl url = HttpUrls.parse(d.url());
        return new Delivery(Ids.next(), webhookId, d.transactionId(), d.url(), url == null ? null : url.host(),
                d.contentType(), d.body(), d.signingSecret(), DeliveryStatus.pending, 0, now, now.plus(LEASE), null,
                redelivery ? webhookId : null);
    }

    private void insert(Handle handle, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        handle.attach(WebhookDao.class).insert(deliveries);
        handle.afterCommit(() -> onCommitted.accept(deliveries));
    }

    void whenCommitted(Consumer<List<Delivery>> action) {
        this.onCommitted = action;
    }
}
