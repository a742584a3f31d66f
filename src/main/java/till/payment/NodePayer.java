package till.payment;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.node.LightningNode;
import till.node.NodeException;
import till.node.NodeRpcException;

/**
 * Asks the node to pay, on a thread of its own, and settles the payment by the answer; the caller waits at most
 * {@code answerWithin}. The threads exist from the first payment on, not from the constructor.
 */
final class NodePayer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodePayer.class);

    private final LightningNode node;
    private final OutgoingLedger ledger;
    private final LiveCalls live;
    private final OutgoingPayments.Settings settings;
    private ExecutorService calls;
    private boolean closed;

    NodePayer(LightningNode node, OutgoingLedger ledger, LiveCalls live, OutgoingPayments.Settings settings) {
        this.node = node;
        this.ledger = ledger;
        this.live = live;
        this.settings = settings;
    }

    /**
     * Calls the node in the background; answers once it has, or with the payment in flight after answerWithin.
     * {@code amountForNode}: the amount to send for a bolt11 without one, else null.
     */
    OutgoingPayment send(OutgoingPayment payment, Long amountForNode) {
        ExecutorService pool = calls();
        // Marked before the call is queued, so the resolver never takes it for an orphan in between.
        live.add(payment.id());
        CompletableFuture<OutgoingPayment> call = CompletableFuture.supplyAsync(() -> {
            try {
                return ledger.settle(payment, askNode(payment, amountForNode));
            } finally {
                live.remove(payment.id());
            }
        }, pool);
        try {
            return call.get(settings.answerWithin().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillPaying) {
            return payment;
        } catch (ExecutionException e) {
            log.error("Payment {} could not be settled; the resolver will retry", payment.id(), e.getCause());
            return payment;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return payment;
        }
    }

    private synchronized ExecutorService calls() {
        if (closed) {
            throw new IllegalStateException("outgoing payments are closed");
        }
        if (calls == null) {
            calls = Executors.newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "node-pay");
                thread.setDaemon(true);
                return thread;
            });
        }
        return calls;
    }

    private PaymentOutcome askNode(OutgoingPayment payment, Long amountForNode) {
        try {
            return PaymentOutcome.ofPay(node.pay(payment.bolt11(), amountForNode, payment.maxFeeMsat(),
                    settings.retryForSeconds()));
        } catch (NodeRpcException e) {
            return PaymentOutcome.ofPayError(e);
        } catch (NodeException e) {
            // Sent or not, we cannot tell: the node's list of payments will.
            log.warn("Payment {}: no answer from the node ({}); the resolver will ask it later", payment.id(), e.getMessage());
            return new PaymentOutcome.Open("no answer from the node");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (calls != null) {
            calls.shutdownNow();
        }
    }
}
