package till.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import till.node.NodeCallObserver;
import till.node.NodeException;
import till.node.NodeRpcException;

/**
 * {@code till_node_call_seconds{method, outcome, code}}: every call to the node, timed. {@code outcome} is
 * {@code ok}, {@code rpc_error} (the node answered an error; {@code code} is the node's) or {@code unreachable}.
 */
final class NodeCallMetrics implements NodeCallObserver {

    private final MeterRegistry registry;
    private final Clock clock;
    private volatile Instant lastWatcherAnswer;

    NodeCallMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.lastWatcherAnswer = clock.instant();
    }

    @Override
    public void called(String method, long durationNanos, NodeException failure) {
        String outcome = failure == null ? "ok" : failure instanceof NodeRpcException ? "rpc_error" : "unreachable";
        String code = failure instanceof NodeRpcException rpc ? rpc.nodeCode() : "none";
        Timer.builder("till.node.call")
                .description("Calls to the Core Lightning node by RPC method and outcome")
                .tags("method", method, "outcome", outcome, "code", code)
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void paymentStreamAnswered() {
        lastWatcherAnswer = clock.instant();
    }

    /** Seconds since the payment watcher's long poll last came back from the node (with a payment or its timeout). */
    double secondsSinceWatcherAnswer() {
        return Duration.between(lastWatcherAnswer, clock.instant()).toMillis() / 1000.0;
    }
}
