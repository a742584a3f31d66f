package till.invoice;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.node.NodeException;

/** Once a second, turns invoices whose time is up into expired ones (see {@link InvoiceService#expireDue()}). */
public final class InvoiceExpirer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InvoiceExpirer.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "invoice-expirer");
        thread.setDaemon(true);
        return thread;
    });
    private final InvoiceService invoices;

    public InvoiceExpirer(InvoiceService invoices) {
        this.invoices = invoices;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            invoices.expireDue();
        } catch (NodeException e) {
            log.debug("Expiry check postponed, node unreachable: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Expiry check failed", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
