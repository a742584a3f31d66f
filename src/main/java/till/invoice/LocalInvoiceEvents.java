package till.invoice;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InvoiceEvents} within one process: enough while one Till owns its (embedded) database, and what
 * {@link PgInvoiceEvents} tells this process's listeners through.
 */
public final class LocalInvoiceEvents implements InvoiceEvents {
    private static final Logger log = LoggerFactory.getLogger(LocalInvoiceEvents.class);

    private final Invoices invoices;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<Listener> localListeners = new CopyOnWriteArrayList<>();
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Invoice>> paidWaiters = new ConcurrentHashMap<>();

    public LocalInvoiceEvents(Invoices invoices) {
        this.invoices = invoices;
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void addLocalListener(Listener listener) {
        localListeners.add(listener);
    }

    @Override
    public void addHook(Hook hook) {
        hooks.add(hook);
    }

    @Override
    public void changing(Handle handle, Invoice changed) {
        hooks.forEach(hook -> hook.changed(handle, changed));
    }

    @Override
    public void created(Invoice created) {
        listeners.forEach(listener -> listener.invoiceCreated(created));
        localListeners.forEach(listener -> listener.invoiceCreated(created));
    }

    @Override
    public void changed(Invoice changed) {
        tellEveryone(changed);
        tellLocal(changed);
    }

    /** The paid waiters and the listeners of every process's changes. */
    void tellEveryone(Invoice changed) {
        if (changed.isPaid()) {
            CompletableFuture<Invoice> waiter = paidWaiters.remove(changed.invoiceHash());
            if (waiter != null) {
                waiter.complete(changed);
            }
        }
        tell(listeners, changed);
    }

    /** The listeners of this process's own changes. */
    void tellLocal(Invoice changed) {
        tell(localListeners, changed);
    }

    private static void tell(List<Listener> listeners, Invoice changed) {
        for (Listener listener : listeners) {
            try {
                listener.invoiceChanged(changed);
            } catch (RuntimeException e) {
                log.warn("An invoice listener failed for {}", changed.invoiceHash(), e);
            }
        }
    }

    /** The hashes of the invoices someone here waits on: the listeners' and the paid waiters'. */
    Set<String> awaited() {
        Set<String> hashes = new HashSet<>(paidWaiters.keySet());
        listeners.forEach(listener -> hashes.addAll(listener.awaited()));
        return hashes;
    }

    @Override
    public CompletableFuture<Invoice> whenPaid(String invoiceHash) {
        CompletableFuture<Invoice> future = paidWaiters.computeIfAbsent(invoiceHash, h -> new CompletableFuture<>());
        // Registered first, then checked, so a settlement in between is not missed.
        invoices.findByHash(invoiceHash).filter(Invoice::isPaid).ifPresent(future::complete);
        if (future.isDone()) {
            paidWaiters.remove(invoiceHash, future);
        }
        return future;
    }
}
