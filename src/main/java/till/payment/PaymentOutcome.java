package till.payment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import till.node.NodePayment;
import till.node.NodeRpcException;

/** What the node's answer means for a payment: it succeeded, failed for good, or is not over (or not known) yet. */
sealed interface PaymentOutcome {
    record Succeeded(long amountSentMsat, String preimage) implements PaymentOutcome {}

    record Failed(String reason) implements PaymentOutcome {}

    /** Still in flight on the node, or no answer that says how it ended. */
    record Open(String why) implements PaymentOutcome {}

    /** {@code listpays} has no attempt at all for the payment hash: the pay call never reached the node. */
    record Unrecorded() implements PaymentOutcome {}

    /**
     * Core Lightning's pay and xpay errors that mean "nothing was paid, and nothing is still trying".
     * Any other error (the catch-all -1, an HTTP or rune problem) leaves the payment open for listpays to decide.
     */
    Map<Integer, String> FINAL_ERRORS = Map.of(
            -32602, "the node refused the bolt11",
            201, "already paid with this payment hash using a different amount or destination",
            203, "permanent failure at the destination",
            205, "no route to the destination",
            206, "the route would cost more than maxFeeMsat",
            207, "the invoice expired",
            209, "the payment failed",
            210, "timed out without a payment in progress",
            219, "the invoice has already been paid");

    static PaymentOutcome ofPay(NodePayment result) {
        if (result.isComplete()) {
            return new Succeeded(result.amountSentMsat(), result.preimage());
        }
        if (NodePayment.FAILED.equals(result.status())) {
            return new Failed("the node reports the payment failed");
        }
        return new Open("the node reports the payment " + result.status());
    }

    static PaymentOutcome ofPayError(NodeRpcException e) {
        String meaning = FINAL_ERRORS.get(e.code());
        if (meaning == null) {
            return new Open("the node answered error " + e.code());
        }
        return new Failed(meaning + " (node error " + e.code() + ": " + e.getMessage().replaceFirst("^pay: CLN error -?\\d+: ", "") + ")");
    }

    /**
     * From every attempt the node lists for the hash: one complete wins; else one pending keeps it open. A failed
     * attempt made before {@code since} (the payment's creation) belongs to an earlier payment of the same hash that
     * already failed: it says nothing about this one, which may still be on its way to the node.
     */
    static PaymentOutcome ofListPays(List<NodePayment> all, Instant since) {
        List<NodePayment> attempts = all.stream()
                .filter(a -> !NodePayment.FAILED.equals(a.status()) || a.createdAt() == null
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
        if (attempts.stream().anyMatch(NodePayment::isPending)) {
            return new Open("pending on the node");
        }
        return new Failed("the node reports the payment failed");
    }
}
