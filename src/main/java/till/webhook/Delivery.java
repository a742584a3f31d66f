package till.webhook;

import java.time.Instant;

/**
 * One webhook in the outbox. {@code webhookId} is the Standard Webhooks message id: the same on every retry
 * and on a manual redelivery, so receivers can de-duplicate on it. {@code host} is the receiver's host, the key of
 * the per-host limit (null for one queued before Till recorded it). {@code pendingRedelivery} is the webhook id
 * while this is a manual redelivery not yet finished, else null.
 */
public record Delivery(String id, String webhookId, String transactionId, String url, String host, String contentType,
                       String body, String signingSecret, DeliveryStatus status, int attempts, Instant createdAt,
                       Instant nextAttemptAt, Instant deliveredAt, String pendingRedelivery) {}
