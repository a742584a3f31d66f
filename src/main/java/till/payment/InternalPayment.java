package till.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.account.LedgerKind;
import till.error.ErrorCode;
import till.error.Problem;
import till.invoice.IncomingPayment;
import till.invoice.Invoice;
import till.invoice.InvoiceCore;
import till.node.Cancellation;
import till.node.LightningNode;
import till.node.NodeException;
import till.node.NodeRpcException;
import till.store.Ids;

/**
 * A bolt11 of this Till paid by one of its accounts, settled between accounts without a Lightning payment. Three
 * steps, so that the invoice can never be paid twice: the payer's money is taken and committed ({@link #reserve});
 * the node's invoice is cancelled while still unpaid, so no wallet can pay it there any more; only
 * then is the invoice settled as if paid from outside (credit, webhook, WebSocket message). If the node says the
 * invoice was paid meanwhile, the payer gets its money back and the node's payment settles the invoice as usual.
 * A payment whose node call got no answer stays in flight and is finished by the resolver ({@link #finish} again).
 */
final class InternalPayment {
    private static final Logger log = LoggerFactory.getLogger(InternalPayment.class);
    static final String PAID_ON_NODE = "the invoice was paid on the node first";
    static final String EXPIRED = "the invoice expired";
    private static final String REFUSED = "the node refused to cancel the invoice";

    private final Jdbi jdbi;
    private final LightningNode node;
    private final InvoiceCore invoices;
    private final Clock clock;
    /** Takes the payer's money, and gives it back when the payment fails. */
    private final OutgoingLedger ledger;

    InternalPayment(Jdbi jdbi, LightningNode node, InvoiceCore invoices, Clock clock, OutgoingLedger ledger) {
        this.jdbi = jdbi;
        this.node = node;
        this.invoices = invoices;
        this.clock = clock;
        this.ledger = ledger;
    }

    /**
     * Takes the amount from the payer and writes the payment in flight, committed before the node is asked. A unique
     * violation on the payment hash (another request came first) is the caller's to answer.
     */
    OutgoingPayment reserve(String payerId, Invoice invoice, long amountMsat, PaymentNote note) {
        if (invoice.isPaid()) {
            throw alreadyPaid();
        }
        if (invoice.accountId().equals(payerId)) {
            // It would only move the operator's fee out of the account: almost certainly a mistake.
            throw Problem.at(ErrorCode.OWN_INVOICE, "bolt11");
        }
        OutgoingPayment payment = new OutgoingPayment(Ids.next(), payerId, invoice.invoiceHash(), invoice.bolt11(),
                amountMsat, 0, null, OutgoingPaymentStatus.in_flight, true, null, null, clock.instant(), null);
        ledger.open(payment, LedgerKind.DEBIT, amountMsat, note);
        return payment;
    }

    /** Cancels the node's invoice and settles, or fails the payment; in flight while the node gives no answer. */
    OutgoingPayment finish(OutgoingPayment payment, Invoice invoice) {
        String failure;
        try {
            failure = failure(node.cancelUnpaid(invoice.label()), invoice);
        } catch (NodeRpcException e) {
            log.warn("Internal payment {}: the node refused to cancel its invoice: {}", payment.id(), e.getMessage());
            failure = REFUSED;
        } catch (NodeException e) {
            log.warn("Internal payment {}: cancelling the node's invoice got no answer ({}); the resolver will finish it",
                    payment.id(), e.getMessage());
            return payment;
        }
        return failure == null ? settleInvoice(payment, invoice) : ledger.settle(payment, new PaymentOutcome.Failed(failure));
    }

    /** Why the cancellation ends the payment as failed, or null when no one can pay the invoice on the node any more. */
    private String failure(Cancellation cancellation, Invoice invoice) {
        return switch (cancellation) {
            case CANCELLED -> null;
            case ALREADY_PAID -> PAID_ON_NODE;
            case EXPIRED -> EXPIRED;
            // Gone already (an earlier attempt whose answer was lost): settled here only while it could still have
            // been paid there.
            case NOT_FOUND -> invoice.expiresAt().isAfter(clock.instant()) ? null : EXPIRED;
        };
    }

    private OutgoingPayment settleInvoice(OutgoingPayment payment, Invoice invoice) {
        Instant now = clock.instant();
        // Announced by the settlement once this commits.
        jdbi.useTransaction(handle -> {
            if (handle.attach(OutgoingPaymentDao.class).finish(payment.id(), OutgoingPaymentStatus.succeeded, 0L, null, null, now) == 1) {
                invoices.settlement().apply(handle, List.of(IncomingPayment.internal(invoice, payment.id(), payment.amountMsat(), now)));
                ledger.ended(handle, payment.id());
            }
        });
        return ledger.find(payment.id());
    }

    /** The answer to the payer when the payment did not go through: the reason as a refusal. */
    static OutgoingPayment answer(OutgoingPayment payment) {
        if (payment.status() != OutgoingPaymentStatus.failed) {
            return payment;
        }
        if (PAID_ON_NODE.equals(payment.failureReason())) {
            throw alreadyPaid();
        }
        if (EXPIRED.equals(payment.failureReason())) {
            throw Bolt11Verifier.unpayable(ErrorCode.BOLT11_EXPIRED);
        }
        // Answered like every refusal of the node (its own words were logged when it refused).
        throw new NodeRpcException("Internal payment " + payment.id() + ": " + payment.failureReason(), null, false);
    }

    private static Problem alreadyPaid() {
        return Problem.at(ErrorCode.INVOICE_ALREADY_PAID, "bolt11");
    }
}
