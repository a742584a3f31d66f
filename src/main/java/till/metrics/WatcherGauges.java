package till.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import till.invoice.WatcherStatus;

/**
 * The payment watcher: where it is in the node's pay_index sequence, whether it runs, whether this process holds it,
 * and how long since the node answered it.
 */
final class WatcherGauges {
    private WatcherGauges() {}

    /** Held strongly: a gauge keeps only a weak reference to what it reads, and these suppliers are held by nothing else. */
    static void register(MeterRegistry registry, Supplier<WatcherStatus> watcher, BooleanSupplier holder,
                         NodeCallMetrics nodeCalls) {
        Gauge.builder("till.watcher.cursor", watcher, w -> w.get().cursor())
                .description("The highest node pay_index the payment watcher has settled")
                .strongReference(true)
                .register(registry);
        Gauge.builder("till.watcher.up", watcher, w -> w.get().healthy() ? 1 : 0)
                .description("1 while the payment watcher follows the node, 0 while it cannot or another process watches")
                .strongReference(true)
                .register(registry);
        Gauge.builder("till.watcher.holder", holder, h -> h.getAsBoolean() ? 1 : 0)
                .description("1 while this process holds the watcher lease (one process of those on a database does)")
                .strongReference(true)
                .register(registry);
        // The long poll comes back at least every 30 s while all is well; a growing value means payments wait.
        Gauge.builder("till.watcher.lag", nodeCalls, NodeCallMetrics::secondsSinceWatcherAnswer)
                .description("Seconds since the payment watcher's long poll last came back from the node")
                .baseUnit("seconds")
                .register(registry);
    }
}
