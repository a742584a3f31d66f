package till.node.cln;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import till.node.Cancellation;
import till.node.NodeInvoice;
import till.node.NodeInvoiceState;
import till.node.NodePayment;
import till.node.NodeRpcException;
import till.node.OutgoingState;
import till.node.PayFailure;
import till.node.PaymentFailedException;

/** Core Lightning's words in Till's: its status strings and the error codes Till acts on. */
final class ClnMapping {
    /** {@code delinvoice}: no invoice has the label ("Unknown invoice"). */
    static final int INVOICE_NOT_FOUND = 905;
    /** {@code delinvoice}: the invoice's status is not the one given; the error's data has {@code current_status}. */
    static final int INVOICE_STATUS_UNEXPECTED = 906;

    /**
     * Core Lightning's pay and xpay errors that mean "nothing was paid, and nothing is still trying". Any other error
     * (the catch-all -1, an HTTP or rune problem) leaves the payment open for listpays to decide.
     */
    private static final Map<Integer, PayFailure> FINAL_PAY_ERRORS = Map.of(
            -32602, PayFailure.BOLT11_REFUSED,
            201, PayFailure.PAID_DIFFERENTLY,
            203, PayFailure.DESTINATION_FAILED,
            205, PayFailure.NO_ROUTE,
            206, PayFailure.FEE_TOO_HIGH,
            207, PayFailure.INVOICE_EXPIRED,
            209, PayFailure.FAILED,
            210, PayFailure.TIMED_OUT,
            219, PayFailure.ALREADY_PAID);

    private ClnMapping() {}

    /**
     * An invoice's {@code status}. One this code does not know counts as unpaid: that neither settles nor expires
     * anything, so the next look at it decides.
     */
    static NodeInvoiceState invoiceState(String status) {
        return switch (status == null ? "" : status) {
            case "paid" -> NodeInvoiceState.PAID;
            case "expired" -> NodeInvoiceState.EXPIRED;
            default -> NodeInvoiceState.UNPAID;
        };
    }

    /**
     * A payment's {@code status}. One this code does not know counts as pending: the payment stays open, neither
     * charged nor refunded, until the node says more.
     */
    static OutgoingState outgoingState(String status) {
        return switch (status == null ? "" : status) {
            case "complete" -> OutgoingState.COMPLETE;
            case "failed" -> OutgoingState.FAILED;
            default -> OutgoingState.PENDING;
        };
    }

    static NodeInvoice invoice(ClnInvoice i) {
        return new NodeInvoice(i.label(), i.paymentHash(), invoiceState(i.status()), i.payIndex(),
                i.amountReceivedMsat(), i.paidAt() == null ? null : Instant.ofEpochSecond(i.paidAt()));
    }

    static NodePayment payment(ClnPay p) {
        return new NodePayment(outgoingState(p.status()), p.paymentHash(), p.preimage(), p.amountMsat(),
                p.amountSentMsat(), p.createdAt());
    }

    /** What a {@code pay} error means to Till: a final failure, or (the error itself) no word on how it ended. */
    static NodeRpcException payError(ClnRpcException e) {
        PayFailure failure = FINAL_PAY_ERRORS.get(e.code());
        return failure == null ? e : new PaymentFailedException(failure, Integer.toString(e.code()), e.nodeMessage());
    }

    /** A {@code delinvoice} error as what it says about the invoice; empty when it says nothing Till knows. */
    static Optional<Cancellation> cancellation(ClnRpcException e) {
        if (e.code() == INVOICE_NOT_FOUND) {
            return Optional.of(Cancellation.NOT_FOUND);
        }
        if (e.code() == INVOICE_STATUS_UNEXPECTED && e.data() != null) {
            return switch (invoiceState(e.data().path("current_status").asText())) {
                case PAID -> Optional.of(Cancellation.ALREADY_PAID);
                case EXPIRED -> Optional.of(Cancellation.EXPIRED);
                case UNPAID -> Optional.empty();
            };
        }
        return Optional.empty();
    }
}
