package till.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.store.StatusCounts;
import till.webhook.DeliveryStatus;
import till.webhook.WebhookDispatcher;

/**
 * Counts kept in the database, read at each scrape so they are right across restarts and processes: webhook
 * deliveries by status, the outbox backlog, and outgoing payments by status (once the payment table exists).
 */
final class StoreGauges {
    private static final Logger log = LoggerFactory.getLogger(StoreGauges.class);
    
    private final Jdbi jdbi;
    private final MultiGauge deliveries;
    private final MultiGauge payments;

    StoreGauges(MeterRegistry registry, Jdbi jdbi, WebhookDispatcher dispatcher) {
        this.jdbi = jdbi;
        this.deliveries = MultiGauge.builder("till.webhook.deliveries")
                .description("Webhook deliveries by outcome: pending (waiting for a retry), delivered, stopped (410), failed")
                .register(registry);
        this.payments = MultiGauge.builder("till.payments")
                .description("Outgoing payments by status")
                .register(registry);
        Gauge.builder("till.webhook.outbox.backlog", dispatcher, WebhookDispatcher::backlog)
                .description("Webhook deliveries waiting for their first or next attempt")
                .register(registry);
    }

    void refresh() {
        try {
            jdbi.useHandle(handle -> {
                Map<String, Long> byStatus = new TreeMap<>();
                Arrays.stream(DeliveryStatus.values()).forEach(status -> byStatus.put(status.name(), 0L));
                byStatus.putAll(StatusCounts.of(handle, "webhook_delivery"));
                deliveries.register(rows(byStatus), true);
                if (tableExists(handle, "PAYMENT")) {
                    payments.register(rows(StatusCounts.of(handle, "payment")), true);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Metrics: cannot read the database counts: {}", e.getMessage());
        }
    }

    private static boolean tableExists(Handle handle, String table) {
        return handle.createQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = :t AND TABLE_SCHEMA = 'PUBLIC'")
                .bind("t", table).mapTo(Integer.class).one() > 0;
    }

    private static List<MultiGauge.Row<?>> rows(Map<String, Long> counts) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((status, n) -> rows.add(MultiGauge.Row.of(Tags.of("status", status), n)));
        return rows;
    }
}
