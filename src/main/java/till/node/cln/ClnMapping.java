package till.node.cln;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import till.node.Cancellation;
import till.node.NodeChannel;
import till.node.NodeInvoice;
import till.node.NodeInvoiceState;
import till.node.NodePayment;
import till.node.NodeRpcException;
import till.node.Outpoint;
import till.node.OutgoingState;
import till.node.PayFailure;
import till.node.PaymentFailedException;
import till.node.SweepRefusedException;
import till.node.WalletOutput;

/** Core Lightning's words in Till's: its status strings and the error codes Till acts on. */
final class ClnMapping {
    /** Bad parameters; withdraw also answers it for an unknown, reserved or spent UTXO. */
    static final int INVALID_PARAMS = -32602;
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

    /** withdraw: the fee takes it all ("Could not afford"), or what is left would be dust. */
    private static final int CANNOT_AFFORD = 301;
    private static final int OUTPUT_IS_DUST = 302;
    /** withdraw: a bad destination, or a broadcast bitcoind refused (the message says which). */
    private static final int GENERIC = -1;

    private ClnMapping() {}

    /**
     * A {@code listfunds} status. "unconfirmed" (mined, then reorged out) and any status this code does not know
     * ("immature" coinbase outputs among them) count as unconfirmed: they count nothing until the node says more.
     */
    static WalletOutput.State outputState(String status) {
        return switch (status == null ? "" : status) {
            case "confirmed" -> WalletOutput.State.CONFIRMED;
            case "spent" -> WalletOutput.State.SPENT;
            default -> WalletOutput.State.UNCONFIRMED;
        };
    }

    static WalletOutput walletOutput(ClnFund f) {
        WalletOutput.State state = outputState(f.status());
        return new WalletOutput(new Outpoint(f.txid(), f.output()), f.address(), f.amountMsat(), state,
                state == WalletOutput.State.CONFIRMED ? f.blockHeight() : null);
    }

    /**
     * A channel's {@code state}. A splice under way leaves the channel in use; the dual-funded opening states are
     * openings; any state this code does not know carries nothing until it does.
     */
    static NodeChannel.State channelState(String state) {
        return switch (state == null ? "" : state) {
            case "CHANNELD_NORMAL", "CHANNELD_AWAITING_SPLICE" -> NodeChannel.State.NORMAL;
            case "OPENINGD", "CHANNELD_AWAITING_LOCKIN", "DUALOPEND_OPEN_INIT", "DUALOPEND_OPEN_COMMITTED",
                 "DUALOPEND_OPEN_COMMIT_READY", "DUALOPEND_AWAITING_LOCKIN" -> NodeChannel.State.OPENING;
            case "CHANNELD_SHUTTING_DOWN", "CLOSINGD_SIGEXCHANGE", "CLOSINGD_COMPLETE", "AWAITING_UNILATERAL",
                 "FUNDING_SPEND_SEEN" -> NodeChannel.State.CLOSING;
            case "ONCHAIN" -> NodeChannel.State.CLOSED;
            default -> NodeChannel.State.UNKNOWN;
        };
    }

    static NodeChannel channel(ClnChannel c) {
        return new NodeChannel(c.peerId(), channelState(c.state()), c.connected(), c.amountMsat(), c.ourAmountMsat());
    }

    /** A {@code withdraw} error as the reason the sweep was refused; empty when it is none Till knows. */
    static Optional<SweepRefusedException> sweepRefusal(ClnRpcException e) {
        String message = e.nodeMessage() == null ? "" : e.nodeMessage();
        SweepRefusedException.Reason reason = null;
        if (e.code() == INVALID_PARAMS && message.contains("UTXO")) {
            reason = SweepRefusedException.Reason.OUTPUTS_UNAVAILABLE; // unknown, already reserved or already spent
        } else if (e.code() == CANNOT_AFFORD || e.code() == OUTPUT_IS_DUST) {
            reason = SweepRefusedException.Reason.TOO_SMALL;
        } else if (e.code() == GENERIC && message.startsWith("Could not parse destination address")) {
            reason = SweepRefusedException.Reason.BAD_ADDRESS;
        } else if (e.code() == GENERIC && message.contains("dust")) {
            reason = SweepRefusedException.Reason.TOO_SMALL; // bitcoind refused to relay a dust output
        }
        return reason == null ? Optional.empty() : Optional.of(new SweepRefusedException(reason, message));
    }

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
