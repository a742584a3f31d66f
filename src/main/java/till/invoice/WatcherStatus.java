package till.invoice;

import java.time.Instant;

/** What the payment watcher is doing, for /health. {@code lastError} is null while the node answers. */
public record WatcherStatus(WatcherState state, long cursor, String lastError, Instant since) {
    public boolean healthy() {
        return state == WatcherState.running;
    }
}
