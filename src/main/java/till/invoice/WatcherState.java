package till.invoice;

/** What the payment watcher is doing; the names are what /health shows (and its reasons, as {@code watcher_<state>}). */
public enum WatcherState {
    starting, running, node_unreachable, error
}
