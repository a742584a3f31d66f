package till.node.cln;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.node.IncomingPayments;
import till.node.NodeInvoice;
import till.node.NodeRpcException;

/**
 * Core Lightning's payments to its invoices as Till's {@link IncomingPayments}: strictly in pay_index order, without
 * gaps. The node numbers payments 1, 2, 3…, and {@code waitanyinvoice} from {@code lastpay_index} i answers payment i + 1, one call per payment. While payments
 * keep coming, the ones already waiting are read many to a call instead, with {@code listinvoices} in the node's
 * update order from just after the last one seen (Core Lightning 23.08+); only the unbroken run i + 1, i + 2, … of
 * such a page is taken, so anything unexpected (a gap, an older node) falls back to the long poll, which is always
 * right. Against an older node, several long polls for consecutive pay indexes are kept in flight instead.
 * Not thread-safe: one watcher thread uses it.
 */
final class ClnIncomingPayments implements IncomingPayments {
    private static final Logger log = LoggerFactory.getLogger(ClnIncomingPayments.class);
    /** Invoices read per listing. */
    static final int PAGE = 500;
    /** Long polls kept in flight when the node cannot list by update (see {@link #poll}). */
    private static final int POLL_WINDOW = 8;
    /**
     * Even in a long burst, the long poll is used at least this often: it answers at once then, and it is what the
     * watcher's health ({@code till_watcher_lag_seconds}) is measured by.
     */
    private static final long POLL_AT_LEAST_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ClnRestClient node;
    private final int pollSeconds;
    /** Made by the first poll, not by the constructor; guarded by {@code this}, as {@link #close()} comes from another thread. */
    private ExecutorService pollers;
    private boolean closed;
    /** lastpay_index → the long poll from it */
    private final TreeMap<Long, Future<Optional<ClnInvoice>>> polls = new TreeMap<>();
    private boolean listingWorks = true;
    /** The update index to list from next; 0 until a payment has shown where the node's updates are. */
    private long nextUpdate;
    /** Whether the last call found payments: then more are likely waiting, and a listing is worth its call. */
    private boolean busy;
    private long lastPollNanos = System.nanoTime();

    ClnIncomingPayments(ClnRestClient node, int pollSeconds) {
        this.node = node;
        this.pollSeconds = pollSeconds;
    }

    private synchronized ExecutorService pollers() {
        if (closed) {
            throw new IllegalStateException("the incoming payment stream is closed");
        }
        if (pollers == null) {
            // Twice the window: polls that were overtaken still finish (at once) while new ones start.
            pollers = Executors.newFixedThreadPool(POLL_WINDOW * 2, r -> {
                Thread thread = new Thread(r, "payment-poll");
                thread.setDaemon(true);
                return thread;
            });
        }
        return pollers;
    }

    /** A node failure is rethrown, and every poll in flight is forgotten. */
    @Override
    public List<NodeInvoice> next(long after) {
        return fetch(after).stream().map(ClnMapping::invoice).toList();
    }

    private List<ClnInvoice> fetch(long after) {
        if (busy && listingWorks && nextUpdate > 0 && System.nanoTime() - lastPollNanos < POLL_AT_LEAST_EVERY_NANOS) {
            List<ClnInvoice> listed = listed(after);
            if (!listed.isEmpty()) {
                return listed;
            }
        }
        Optional<ClnInvoice> polled = poll(after);
        lastPollNanos = System.nanoTime();
        polled.map(ClnInvoice::updatedIndex).ifPresent(updated -> nextUpdate = updated + 1);
        busy = polled.isPresent();
        return polled.map(List::of).orElse(List.of());
    }

    private List<ClnInvoice> listed(long after) {
        List<ClnInvoice> page;
        try {
            page = node.listInvoicesUpdatedFrom(nextUpdate, PAGE);
        } catch (NodeRpcException e) {
            listingWorks = false;
            log.info("The node cannot list invoices by update ({}); following payments one long poll at a time",
                    e.getMessage());
            return List.of();
        }
        List<ClnInvoice> run = new ArrayList<>();
        for (ClnInvoice invoice : page.stream().filter(i -> i.updatedIndex() != null)
                .sorted(Comparator.comparing(ClnInvoice::updatedIndex)).toList()) {
            if (invoice.isPaid() && invoice.payIndex() != null && invoice.payIndex() > after + run.size()) {
                if (invoice.payIndex() != after + run.size() + 1) {
                    break; // a gap: the long poll knows what belongs in it
                }
                run.add(invoice);
            }
            nextUpdate = invoice.updatedIndex() + 1;
        }
        return run;
    }

    /**
     * The first payment after {@code after}, waiting up to one poll. Against a node that cannot list by update,
     * polls for the next {@value #POLL_WINDOW} pay indexes are kept in flight, so that a burst is fetched that many at
     * a time instead of one round trip each.
     */
    private Optional<ClnInvoice> poll(long after) {
        polls.headMap(after).clear();
        int window = listingWorks ? 1 : POLL_WINDOW;
        ExecutorService pool = pollers();
        for (long index = after; index < after + window; index++) {
            long from = index;
            polls.computeIfAbsent(from, i -> pool.submit(() -> node.waitAnyInvoice(from, pollSeconds)));
        }
        Future<Optional<ClnInvoice>> first = polls.remove(after);
        try {
            return first.get();
        } catch (ExecutionException e) {
            polls.clear();
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            polls.clear();
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pollers != null) {
            pollers.shutdownNow();
        }
    }
}
