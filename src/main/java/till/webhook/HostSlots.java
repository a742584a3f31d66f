package till.webhook;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deliveries in flight per receiver host, at most {@code perHost} each: a receiver that hangs holds only its own
 * share of the senders, and every other host's webhooks go on. The host is the URL's host as OkHttp connects to
 * it, so {@code 127.0.0.1}, {@code localhost} and {@code 127.0.0.2} count as three hosts; a null host (a delivery
 * queued before hosts were recorded) is not limited.
 */
final class HostSlots {
    private final int perHost;
    private final Map<String, Integer> inFlight = new HashMap<>();

    HostSlots(int perHost) {
        this.perHost = perHost;
    }

    /** Free senders for {@code host} now. */
    synchronized int room(String host) {
        return host == null ? Integer.MAX_VALUE : perHost - inFlight.getOrDefault(host, 0);
    }

    /** Takes a sender for {@code host} if it has one free. */
    synchronized boolean tryTake(String host) {
        if (room(host) <= 0) {
            return false;
        }
        if (host != null) {
            inFlight.merge(host, 1, Integer::sum);
        }
        return true;
    }

    /** Gives back a sender of {@code host}; true when the host had none free before. */
    synchronized boolean release(String host) {
        if (host == null) {
            return false;
        }
        boolean wasFull = room(host) <= 0;
        inFlight.computeIfPresent(host, (h, n) -> n == 1 ? null : n - 1);
        return wasFull;
    }

    /** The hosts with no free sender. */
    synchronized Set<String> full() {
        return inFlight.entrySet().stream().filter(e -> e.getValue() >= perHost).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }
}
