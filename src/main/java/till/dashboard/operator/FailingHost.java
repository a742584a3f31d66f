package till.dashboard.operator;

/**
 * A webhook receiver whose deliveries wait for a retry: how many, since when (epoch milliseconds), and the most
 * attempts one of them has had. {@code host} is null for deliveries queued before Till noted hosts.
 */
public record FailingHost(String host, long pending, long oldest, int attempts) {}
