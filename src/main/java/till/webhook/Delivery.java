package till.webhook;

import java.time.Instant;

/**
 * One webhook in the outbox. {@code webhookId} is the Standard Webhooks message id: the same on every retry
 * and on a manual redelivery, so receivers can de-duplicate on it.
 */
public record Delivery(String id, String webhookId, String transactionId, String url, String contentType, String body,
                       String signingSecret, String status, int attempts, Instant createdAt, Instant nextAttemptAt,
                       Instant deliveredAt) {}
