package till.webhook;

import java.time.Instant;

/** What one attempt did to its delivery: its new status, when to try next, when it was delivered. */
public record Outcome(Attempt attempt, DeliveryStatus status, Instant next, Instant deliveredAt) {
    public String deliveryId() {
        return attempt.deliveryId();
    }
}
