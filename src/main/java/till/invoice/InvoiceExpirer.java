package till.invoice;

import java.time.Duration;
import till.task.RepeatingTask;

/** Once a second, turns invoices whose time is up into expired ones (see {@link InvoiceService#expireDue()}). */
public final class InvoiceExpirer implements AutoCloseable {
    private static final Duration EVERY = Duration.ofSeconds(1);

    private final RepeatingTask task;

    public InvoiceExpirer(InvoiceService invoices) {
        this.task = new RepeatingTask("invoice-expirer", EVERY, invoices::expireDue);
    }

    public void start() {
        task.start(EVERY);
    }

    @Override
    public void close() {
        task.close();
    }
}
