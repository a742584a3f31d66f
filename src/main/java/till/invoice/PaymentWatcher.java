package till.invoice;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.node.IncomingPayments;
import till.node.LightningNode;
import till.node.NodeException;
import till.node.NodeInvoice;
import till.task.Pause;

/**
 * Follows the node's payments from the saved cursor ({@link IncomingPayments}) into the {@link Settlement}, and
 * reconciles every open invoice with the node at start and after each outage.
 * While the node is unreachable it backs off (1 s doubling to 30 s) and says so in its status.
 */
public final class PaymentWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PaymentWatcher.class);
    private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How long after its expiry an invoice is still checked on the node, in case a payment raced the expiry. */
    public static final Duration LATE_PAYMENT_WINDOW = Duration.ofHours(1);

    private final LightningNode node;
    private final Invoices invoices;
    private final NodePayments nodePayments;
    private final Clock clock;
    private final IncomingPayments payments;
    private final AtomicReference<WatcherStatus> status;
    private final Pause pause = new Pause();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean resync;
    private volatile ExecutorService reconciler;

    public PaymentWatcher(LightningNode node, Invoices invoices, NodePayments nodePayments, Clock clock, int pollSeconds) {
        this.node = node;
        this.invoices = invoices;
        this.nodePayments = nodePayments;
        this.clock = clock;
        this.status = new AtomicReference<>(new WatcherStatus(WatcherState.starting, nodePayments.cursor(), null, clock.instant()));
        this.payments = node.incomingPayments(pollSeconds);
        this.thread = new Thread(this::run, "payment-watcher");
        thread.setDaemon(true);
    }

    public void start() {
        reconciler = Executors.newSingleThreadExecutor(r -> {
            Thread reconciling = new Thread(r, "reconciler");
            reconciling.setDaemon(true);
            return reconciling;
        });
        thread.start();
    }

    public WatcherStatus status() {
        WatcherStatus current = status.get();
        return new WatcherStatus(current.state(), nodePayments.cursor(), current.lastError(), current.since());
    }

    /**
     * Fetches payments (see {@link IncomingPayments}) and hands them to the settlement writer, which settles those that
     * arrive together in one database transaction; fetching does not wait for settling.
     */
    private void run() {
        boolean connected = false;
        long fetched = nodePayments.cursor();
        Duration backoff = MIN_BACKOFF;
        while (running) {
            try {
                if (!connected) {
                    node.info();
                    connected = true;
                    fetched = nodePayments.cursor();
                    setState(WatcherState.running, null);
                    backoff = MIN_BACKOFF;
                    // In the background, so that new payments are followed at once even with many open invoices.
                    reconciler.execute(this::reconcile);
                }
                if (resync) {
                    resync = false;
                    fetched = nodePayments.cursor();
                }
                for (NodeInvoice paid : payments.next(fetched)) {
                    fetched = Math.max(fetched, paid.payIndex());
                    nodePayments.submit(paid).exceptionally(this::settlementFailed);
                }
            } catch (NodeException e) {
                if (!running) {
                    break;
                }
                if (connected || status.get().state() != WatcherState.node_unreachable) {
                    log.warn("Node unreachable, retrying in {} s: {}", backoff.toSeconds(), e.getMessage());
                }
                connected = false;
                setState(WatcherState.node_unreachable, e.getMessage());
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (Throwable e) {
                // Any Throwable, an OutOfMemoryError included: a watcher thread that died would leave every invoice unpaid.
                if (!running) {
                    break;
                }
                log.error("Payment watcher error, retrying", e);
                connected = false;
                setState(WatcherState.error, e.toString());
                pause(backoff);
            }
        }
    }

    /** Payments made while Till was down or the node unreachable; an outage during it brings another run. */
    private void reconcile() {
        try {
            int settled = reconcileOpenInvoices();
            if (settled > 0) {
                log.info("Reconciled with the node: {} invoice(s) paid while Till was not watching", settled);
            }
        } catch (Throwable e) {
            log.warn("Reconciliation with the node stopped: {}", e.toString());
        }
    }

    /** Asks the node about every invoice a payment could still arrive for and settles those it reports paid. */
    int reconcileOpenInvoices() {
        List<Invoice> open = invoices.openOrRecentlyExpired(clock.instant().minus(LATE_PAYMENT_WINDOW));
        return EachInvoice.alone(open, "Reconciling", transaction -> {
            Optional<NodeInvoice> onNode = node.findInvoice(transaction.invoiceHash());
            return onNode.isPresent() && onNode.get().isPaid() && nodePayments.record(onNode.get()).isPresent() ? 1 : 0;
        });
    }

    /** A settlement that could not be written: fetch again from the saved cursor, so nothing is skipped. */
    private Optional<Invoice> settlementFailed(Throwable error) {
        log.error("Settling a payment failed; the watcher will fetch again from its saved cursor", error);
        resync = true;
        return Optional.empty();
    }

    private void setState(WatcherState state, String error) {
        WatcherStatus previous = status.get();
        if (previous.state() != state || error != null && !error.equals(previous.lastError())) {
            status.set(new WatcherStatus(state, previous.cursor(), error,
                    previous.state() == state ? previous.since() : clock.instant()));
        }
    }

    private void pause(Duration duration) {
        if (!pause.await(duration)) {
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        if (reconciler != null) {
            reconciler.shutdownNow();
        }
        payments.close();
        pause.wake();
    }
}
