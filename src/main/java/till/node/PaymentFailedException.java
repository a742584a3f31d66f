package till.node;

/**
 * The node refused a payment for good: nothing was paid, and nothing is still trying. The message is the failure's
 * meaning followed by the node's own words in brackets, which is what the payer is told.
 */
public final class PaymentFailedException extends NodeRpcException {
    private final PayFailure failure;

    public PaymentFailedException(PayFailure failure, String nodeCode, String nodeMessage) {
        super(failure.meaning() + " (node error " + nodeCode + ": " + nodeMessage + ")", nodeCode, false);
        this.failure = failure;
    }

    public PayFailure failure() {
        return failure;
    }
}
