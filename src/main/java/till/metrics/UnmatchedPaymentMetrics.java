package till.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
import till.invoice.UnmatchedPayment;

/**
 * {@code till_unmatched_payments_total} and {@code till_unmatched_payments_msat_total}: money the node received for
 * invoices already paid. Any increase deserves an alert: the admin lists them at {@code GET /admin/unmatched-payments}.
 */
final class UnmatchedPaymentMetrics implements Consumer<UnmatchedPayment> {
    private final Counter count;
    private final Counter msat;

    UnmatchedPaymentMetrics(MeterRegistry registry) {
        count = Counter.builder("till.unmatched.payments")
                .description("Payments the node received for invoices already paid (credited as unmatched)")
                .register(registry);
        msat = Counter.builder("till.unmatched.payments.msat")
                .description("Their amount in msat")
                .register(registry);
    }

    @Override
    public void accept(UnmatchedPayment payment) {
        count.increment();
        msat.increment(payment.amountMsat());
    }
}
