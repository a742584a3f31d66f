package till.dashboard.operator;

import java.time.Instant;
import java.util.List;

/**
 * The webhook outbox: deliveries waiting for their first or next attempt, since when the oldest waits (null when
 * none), those Till gave up on, and the receivers whose deliveries are being retried.
 */
public record WebhookBacklog(long pending, Instant oldestPending, long failed, List<FailingHost> failingHosts) {}
