package till.node;

import java.time.Instant;

/**
 * One of the node's invoices as Till needs it. {@code reference} is the node's name for it (what
 * {@link IssuedInvoice#reference()} answered, or another application's name). The payment members are null unless
 * it is {@link NodeInvoiceState#PAID}; {@code payIndex} numbers the node's payments 1, 2, 3… in the order they
 * arrived, and is what {@link IncomingPayments}' cursor counts.
 */
public record NodeInvoice(
        String reference,
        String paymentHash,
        NodeInvoiceState state,
        Long payIndex,
        Long amountReceivedMsat,
        Instant paidAt) {

    public boolean isPaid() {
        return state == NodeInvoiceState.PAID;
    }
}
