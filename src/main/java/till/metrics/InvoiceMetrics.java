package till.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import till.invoice.InvoiceEvents;
import till.invoice.InvoiceStatus;
import till.invoice.Invoice;

/**
 * {@code till_invoices_total{account, event}}: invoices created, paid and expired ({@code event}; one counter, as
 * Prometheus reserves the {@code _created} suffix), by account (three series per account), and settlement latency:
 * from the payment's time (the node's {@code paid_at}) to the commit that credited it. Not by terminal: a terminal's
 * id (BPT) is a credential that creates invoices, and {@code /metrics} may be open.
 */
final class InvoiceMetrics implements InvoiceEvents.Listener {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer settlement;

    InvoiceMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.settlement = Timer.builder("till.settlement.latency")
                .description("From the node's paid_at to Till's committed settlement")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), Duration.ofMinutes(5))
                .register(registry);
    }

    @Override
    public void invoiceCreated(Invoice transaction) {
        count("created", transaction);
    }

    @Override
    public void invoiceChanged(Invoice transaction) {
        if (transaction.status() == InvoiceStatus.paid) {
            count("paid", transaction);
            settlement.record(Duration.between(transaction.settledAt(), clock.instant()).abs());
        } else if (transaction.status() == InvoiceStatus.expired) {
            count("expired", transaction);
        }
    }

    private void count(String event, Invoice transaction) {
        Counter.builder("till.invoices").description("Invoices created, paid and expired (unpaid), by account")
                .tags("account", transaction.accountId(), "event", event)
                .register(registry).increment();
    }
}
