package till.payment;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.task.RepeatingTask;

/**
 * Finishes in-flight payments by asking the node about them: at start (after a crash, or on taking the watcher lease
 * over from a process that died), then every {@code every}; and forgets expired Idempotency-Keys. Run by the process
 * holding the watcher lease only.
 */
public final class PaymentResolver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PaymentResolver.class);

    private final RepeatingTask task;

    public PaymentResolver(OutgoingPayments payments, IdempotencyKeys idempotencyKeys, Duration every) {
        this.task = new RepeatingTask("payment-resolver", every, () -> {
            int ended = payments.resolveInFlight();
            if (ended > 0) {
                log.info("Resolved {} in-flight payment(s) with the node", ended);
            }
            idempotencyKeys.purgeExpired();
        });
    }

    public void start() {
        task.start(Duration.ZERO);
    }

    @Override
    public void close() {
        task.close();
    }
}
