package till.payment;

import java.time.Instant;
import java.util.List;
import till.node.NodePayment;
import till.node.NodeRpcException;
import till.node.OutgoingState;
import till.node.PaymentFailedException;

/** What the node's answer means for a payment: it succeeded, failed for good, or is not over (or not known) yet. */
sealed interface PaymentOutcome {
    record Succeeded(long amountSentMsat, String preimage) implements PaymentOutcome {}

    record Failed(String reason) implements PaymentOutcome {}

    /** Still in flight on the node, or no answer that says how it ended. */
    record Open(String why) implements PaymentOutcome {}

    /** The node has no attempt at all for the payment hash: the pay call never reached it. */
    record Unrecorded() implements PaymentOutcome {}

    static PaymentOutcome ofPay(NodePayment result) {
        return switch (result.state()) {
            case COMPLETE -> new Succeeded(result.amountSentMsat(), result.preimage());
            case FAILED -> new Failed("the node reports the payment failed");
            case PENDING -> new Open("the node reports the payment pending");
        };
    }

    /**
     * A refusal of the pay call: final when the node says nothing was paid and nothing is still trying; any other
     * refusal leaves the payment open for the node's list of payments to decide.
     */
    static PaymentOutcome ofPayError(NodeRpcException e) {
        return e instanceof PaymentFailedException failed
                ? new Failed(failed.getMessage())
                : new Open("the node answered error " + e.nodeCode());
    }

    /**
     * From every attempt the node lists for the hash: one complete wins; else one pending keeps it open. A failed
     * attempt made before {@code since} (the payment's creation) belongs to an earlier payment of the same hash that
     * already failed: it says nothing about this one, which may still be on its way to the node.
     */
    static PaymentOutcome ofListPays(List<NodePayment> all, Instant since) {
        List<NodePayment> attempts = all.stream()
                .filter(a -> a.state() != OutgoingState.FAILED || a.createdAt() == null
                        || a.createdAt() >= since.getEpochSecond())
                .toList();
        if (attempts.isEmpty()) {
            return new Unrecorded();
        }
        for (NodePayment attempt : attempts) {
            if (attempt.isComplete()) {
                return ofPay(attempt);
            }
        }
        if (attempts.stream().anyMatch(a -> a.state() == OutgoingState.PENDING)) {
            return new Open("pending on the node");
        }
        return new Failed("the node reports the payment failed");
    }
}
