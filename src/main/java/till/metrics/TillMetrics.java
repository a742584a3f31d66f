package till.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import till.invoice.InvoiceEvents;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import till.invoice.WatcherStatus;
import till.invoice.UnmatchedPayment;
import till.node.NodeCallObserver;
import till.webhook.WebhookDispatcher;

/**
 * Till's meters in one Prometheus registry: the JVM basics, node calls, invoices, the watcher, webhooks and
 * payments. Parts are attached as the pieces they measure are built; {@link #scrape()} renders the text format.
 */
public final class TillMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final NodeCallMetrics nodeCalls;
    private StoreGauges store;

    public TillMetrics(Clock clock) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        nodeCalls = new NodeCallMetrics(registry, clock);
    }

    /** For the node client: latency and errors of every call, by method. */
    public NodeCallObserver nodeCalls() {
        return nodeCalls;
    }

    /** For the invoice service: invoices created, paid and expired by terminal, and settlement latency. */
    public InvoiceEvents.Listener invoices(Clock clock) {
        return new InvoiceMetrics(registry, clock);
    }

    /** For the unmatched payments: how many and how much, counted from the start (0 until the first). */
    public Consumer<UnmatchedPayment> unmatchedPayments() {
        return new UnmatchedPaymentMetrics(registry);
    }

    /**
     * The gauges read at each scrape: watcher cursor, lag and whether this process holds it ({@code holder}), webhook
     * deliveries and backlog, payments.
     */
    public void watch(Jdbi jdbi, Supplier<WatcherStatus> watcher, BooleanSupplier holder, WebhookDispatcher dispatcher) {
        WatcherGauges.register(registry, watcher, holder, nodeCalls);
        store = new StoreGauges(registry, jdbi, dispatcher);
    }

    /** The Prometheus text exposition of every meter, with the database-backed gauges read now. */
    public String scrape() {
        if (store != null) {
            store.refresh();
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
