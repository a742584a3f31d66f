package till.invoice;

import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import till.node.ClnRestClient;
import till.node.NodeInvoice;

/**
 * Keeps several {@code waitanyinvoice} long polls in flight, for consecutive pay indexes, and hands the payments out
 * strictly in pay_index order. The node numbers payments 1, 2, 3…, so a poll from {@code lastpay_index} i answers
 * payment i + 1: during a burst, {@code window} payments are fetched at once instead of one round trip each.
 * Not thread-safe: one watcher thread uses it.
 */
final class PaymentFetcher implements AutoCloseable {
    private final ClnRestClient node;
    private final int pollSeconds;
    private final int window;
    private final ExecutorService pollers;
    /** lastpay_index → the long poll from it */
    private final TreeMap<Long, Future<Optional<NodeInvoice>>> polls = new TreeMap<>();

    PaymentFetcher(ClnRestClient node, int pollSeconds, int window) {
        this.node = node;
        this.pollSeconds = pollSeconds;
        this.window = window;
        // Twice the window: polls that were overtaken still finish (at once) while new ones start.
        this.pollers = Executors.newFixedThreadPool(window * 2, r -> {
            Thread thread = new Thread(r, "payment-poll");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The first payment with a pay index above {@code after}, waiting up to one poll for it; empty when none came.
     * A node failure is rethrown, and every poll in flight is forgotten.
     */
    Optional<NodeInvoice> next(long after) {
        polls.headMap(after).clear();
        for (long index = after; index < after + window; index++) {
            long from = index;
            polls.computeIfAbsent(from, i -> pollers.submit(() -> node.waitAnyInvoice(from, pollSeconds)));
        }
        Future<Optional<NodeInvoice>> first = polls.remove(after);
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
    public void close() {
        pollers.shutdownNow();
    }
}
