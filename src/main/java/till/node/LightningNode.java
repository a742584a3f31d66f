package till.node;

import java.util.List;
import java.util.Optional;

/**
 * What Till needs from a Lightning node, in Till's words. The node's own vocabulary (its methods, labels, status
 * strings and error codes) stays in the implementation ({@code till.node.cln} for Core Lightning). Every method may
 * throw {@link NodeUnreachableException} (no usable answer) or {@link NodeRpcException} (the node refused).
 * Thread-safe.
 */
public interface LightningNode extends AutoCloseable {

    NodeInfo info();

    /**
     * Asks the node for an invoice. {@code invoiceId} is Till's own id for it; the answer's {@link IssuedInvoice#reference()}
     * is the node's name for it, which Till keeps to {@link #cancelUnpaid cancel} it and to recognise its payments.
     */
    IssuedInvoice issueInvoice(String invoiceId, long amountMsat, InvoiceDescription description, long expirySeconds);

    /** The invoice with this payment hash as the node sees it now; empty when the node has none. */
    Optional<NodeInvoice> findInvoice(String paymentHash);

    /**
     * Cancels the invoice if, and only if, it is still unpaid: afterwards the node refuses any payment for it. Answers
     * what happened; a refusal for any other reason is a {@link NodeRpcException}.
     */
    Cancellation cancelUnpaid(String reference);

    /**
     * The node's paid invoices in the order it numbers them, each with its {@link NodeInvoice#payIndex()}, from a
     * cursor Till stores: see {@link IncomingPayments}. One stream per reader; close it when done.
     */
    IncomingPayments incomingPayments(int pollSeconds);

    /**
     * Pays a bolt11 and waits for the outcome, up to {@code retryForSeconds} (the node keeps looking for routes that
     * long). Answers the payment, usually {@link OutgoingState#COMPLETE}; {@link OutgoingState#PENDING} while parts
     * are still in flight.
     *
     * @param amountMsat only for a bolt11 without an amount; null otherwise
     * @param maxFeeMsat the absolute routing fee limit
     * @throws PaymentFailedException nothing was paid and nothing is still trying; any other exception leaves open
     *                                whether the payment went out ({@link #outgoingPayments} tells)
     */
    NodePayment pay(String bolt11, Long amountMsat, long maxFeeMsat, int retryForSeconds);

    /** Every attempt the node knows to pay this payment hash, oldest first; empty when it never saw one. */
    List<NodePayment> outgoingPayments(String paymentHash);

    /**
     * The node's channels now, closed ones included while the node still lists them: how much it can receive and
     * send ({@link Liquidity#of}). Core Lightning answers it with its wallet's {@code listfunds}: a rune without the
     * on-chain methods makes it a {@link NodeRpcException}.
     */
    List<NodeChannel> channels();

    @Override
    void close();
}
