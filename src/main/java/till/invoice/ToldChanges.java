package till.invoice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The status each recently changed invoice was last told as, so that a change reaching this process twice (its own
 * change found again by a catch-up read, a notification and a catch-up read of the same change) is told once. Bounded:
 * the oldest entries go first; the listeners' own guards (a socket sends a status once) remain behind it.
 */
final class ToldChanges {
    private final Map<String, InvoiceStatus> told;

    ToldChanges(int capacity) {
        this.told = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, InvoiceStatus> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Notes {@code invoice}'s status as told: false when it was told as that already. */
    synchronized boolean first(Invoice invoice) {
        return told.put(invoice.id(), invoice.status()) != invoice.status();
    }

    /**
     * As {@link #first}, for an invoice read again without a notification: one never told is taken as told unpaid (what
     * its listeners learnt when they began to wait), so only a change since is new.
     */
    synchronized boolean firstSinceUnpaid(Invoice invoice) {
        if (!told.containsKey(invoice.id()) && invoice.status() == InvoiceStatus.unpaid) {
            return false;
        }
        return first(invoice);
    }
}
