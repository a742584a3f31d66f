package till.node.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The simulated node's invoices in memory, findable the ways clnrest finds them: by payment hash, label, creation
 * order, pay index and update index. Not thread-safe: {@link SimNodeState} guards it with its lock.
 */
final class SimInvoiceIndex {
    private final Map<String, SimInvoice> byHash = new HashMap<>();
    private final Map<String, String> hashByLabel = new HashMap<>();
    private final List<String> hashesByCreation = new ArrayList<>();
    private final TreeMap<Long, String> hashByPayIndex = new TreeMap<>();
    private final TreeMap<Long, String> hashByUpdatedIndex = new TreeMap<>();
    private long lastCreatedIndex;

    /** Adds a new invoice, or replaces one with its newer state (paid). */
    void put(SimInvoice invoice) {
        if (byHash.put(invoice.paymentHash(), invoice) == null) {
            hashByLabel.put(invoice.label(), invoice.paymentHash());
            hashesByCreation.add(invoice.paymentHash());
            lastCreatedIndex = Math.max(lastCreatedIndex, invoice.createdIndex());
        }
        if (invoice.isPaid()) {
            hashByPayIndex.put(invoice.payIndex(), invoice.paymentHash());
            hashByUpdatedIndex.put(invoice.updatedIndex(), invoice.paymentHash());
        }
    }

    /** Removes a deleted invoice; its place in the creation order stays taken, as created_index values are never reused. */
    void remove(SimInvoice invoice) {
        byHash.remove(invoice.paymentHash());
        hashByLabel.remove(invoice.label());
        if (invoice.isPaid()) {
            hashByPayIndex.remove(invoice.payIndex());
            hashByUpdatedIndex.remove(invoice.updatedIndex());
        }
    }

    Optional<SimInvoice> byHash(String paymentHash) {
        return Optional.ofNullable(byHash.get(paymentHash));
    }

    Optional<SimInvoice> byLabel(String label) {
        return Optional.ofNullable(hashByLabel.get(label)).map(byHash::get);
    }

    /** Invoices in creation order, from {@code start} (a created_index), at most {@code limit}, matching {@code filter}. */
    List<SimInvoice> byCreation(long start, long limit, Predicate<SimInvoice> filter) {
        List<SimInvoice> result = new ArrayList<>();
        int from = (int) Math.max(0, Math.min(start - 1, hashesByCreation.size()));
        for (int i = from; i < hashesByCreation.size() && result.size() < limit; i++) {
            SimInvoice invoice = byHash.get(hashesByCreation.get(i));
            if (invoice != null && filter.test(invoice)) {
                result.add(invoice);
            }
        }
        return result;
    }

    /** Updated invoices in updated_index order from {@code start}, at most {@code limit}. */
    List<SimInvoice> byUpdate(long start, long limit) {
        return hashByUpdatedIndex.tailMap(start, true).values().stream().limit(limit).map(byHash::get).toList();
    }

    /** The invoice paid first after {@code lastPayIndex}, if one is. */
    Optional<SimInvoice> paidAfter(long lastPayIndex) {
        return Optional.ofNullable(hashByPayIndex.higherEntry(lastPayIndex)).map(e -> byHash.get(e.getValue()));
    }

    long lastCreatedIndex() {
        return lastCreatedIndex;
    }

    long lastPayIndex() {
        return hashByPayIndex.isEmpty() ? 0 : hashByPayIndex.lastKey();
    }

    long lastUpdatedIndex() {
        return hashByUpdatedIndex.isEmpty() ? 0 : hashByUpdatedIndex.lastKey();
    }

    int size() {
        return byHash.size();
    }
}
