package till.node;

/** Told about every call to the node, for metrics: how long it took and how it failed (null: it answered a result). */
@FunctionalInterface
public interface NodeCallObserver {
    NodeCallObserver NONE = (method, durationNanos, failure) -> {};

    void called(String method, long durationNanos, NodeException failure);

    /**
     * The incoming-payment stream's long wait came back from the node, with a payment or at its normal timeout: how
     * the watcher's lag is measured.
     */
    default void paymentStreamAnswered() {}
}
