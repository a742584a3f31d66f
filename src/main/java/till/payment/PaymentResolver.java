package till.payment;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.node.NodeException;

/** Finishes in-flight payments with the node's listpays: at start (after a crash), then every {@code every}. */
public final class PaymentResolver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PaymentResolver.class);

    private final PaymentService payments;
    private final Duration every;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "payment-resolver");
        thread.setDaemon(true);
        return thread;
    });

    public PaymentResolver(PaymentService payments, Duration every) {
        this.payments = payments;
        this.every = every;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::resolve, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void resolve() {
        try {
            int ended = payments.resolveInFlight();
            if (ended > 0) {
                log.info("Resolved {} in-flight payment(s) with the node's listpays", ended);
            }
        } catch (NodeException e) {
            log.debug("In-flight payments wait for the node: {}", e.getMessage());
        } catch (RuntimeException e) {
            // A failure must not end the schedule: the next round tries again.
            log.error("Resolving in-flight payments failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
