package till.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts open WebSockets against their {@link SocketCaps}. A socket takes a {@link Permit} before it does any work
 * and gives it back when it closes; counts of addresses and invoices with no open socket are dropped.
 */
final class SocketLimits {
    /** A place for one open socket; closing it twice gives it back once. */
    final class Permit implements AutoCloseable {
        private final String address;
        private final String invoiceHash;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Permit(String address, String invoiceHash) {
            this.address = address;
            this.invoiceHash = invoiceHash;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                release(address, invoiceHash);
            }
        }
    }

    /** Thrown when a cap is full; the message says which. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final SocketCaps caps;
    private final Semaphore total;
    private final Map<String, Integer> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Integer> byInvoice = new ConcurrentHashMap<>();

    SocketLimits(SocketCaps caps) {
        this.caps = caps;
        this.total = new Semaphore(caps.total());
    }

    /** A permit for a socket from {@code address}, on {@code invoiceHash} (null: not a status socket). */
    Permit open(String address, String invoiceHash) {
        if (caps.total() > 0 && !total.tryAcquire()) {
            throw new Refused("Till has as many WebSockets open as it allows (" + caps.total() + "); try again later");
        }
        if (!take(byAddress, address, caps.perAddress())) {
            release(null, null);
            throw new Refused("Too many WebSockets from your address (at most " + caps.perAddress() + "); close some first");
        }
        if (invoiceHash != null && !take(byInvoice, invoiceHash, caps.perInvoice())) {
            release(address, null);
            throw new Refused("Too many WebSockets on this invoice (at most " + caps.perInvoice() + "); close some first");
        }
        return new Permit(address, invoiceHash);
    }

    private void release(String address, String invoiceHash) {
        if (caps.total() > 0) {
            total.release();
        }
        give(byAddress, address, caps.perAddress());
        give(byInvoice, invoiceHash, caps.perInvoice());
    }

    private static boolean take(Map<String, Integer> counts, String key, int cap) {
        if (cap == 0) {
            return true;
        }
        boolean[] taken = {false};
        counts.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            taken[0] = now < cap;
            return taken[0] ? now + 1 : count;
        });
        return taken[0];
    }

    private static void give(Map<String, Integer> counts, String key, int cap) {
        if (key != null && cap > 0) {
            counts.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
        }
    }
}
