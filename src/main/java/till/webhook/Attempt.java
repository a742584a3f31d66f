package till.webhook;

import java.time.Instant;

/** One try at delivering a webhook: the HTTP status, or the error when there was none. */
public record Attempt(String deliveryId, Instant attemptedAt, Integer statusCode, String error, long durationMs,
                      Instant nextAttemptAt) {}
