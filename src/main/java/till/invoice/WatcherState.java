package till.invoice;

/** What the payment watcher is doing; the constants are spelled as /health reports them. */
public enum WatcherState {
    /** Not yet connected to the node since Till started. */
    starting,
    /** Connected and following payments. */
    running,
    /** The node does not answer; the watcher retries with back-off. */
    node_unreachable,
    /** Anything else went wrong; the watcher retries. */
    error,
    /** Another process holds the watcher lease and watches; this one takes over if that one goes. */
    standby
}
