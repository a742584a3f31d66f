package till.invoice;

import java.time.Instant;

/**
 * Money that arrived for an invoice, about to be settled: on which rail, the rail's own reference for it (Lightning:
 * the node's pay_index; on-chain: txid:vout; internal: the outgoing payment's id), how much, when, and how settled it
 * is (an on-chain payment is pending until confirmed; Lightning and internal ones arrive confirmed).
 */
public record IncomingPayment(Invoice invoice, Rail rail, String reference, long amountMsat, Instant receivedAt,
                              State state, int confirmations) {

    /** {@code replaced}: an on-chain output whose transaction was replaced (RBF), conflicted or double-spent; it counts nothing. */
    public enum State {
        pending, confirmed, replaced
    }

    public static IncomingPayment lightning(Invoice invoice, long payIndex, long amountMsat, Instant receivedAt) {
        return new IncomingPayment(invoice, Rail.lightning, Long.toString(payIndex), amountMsat, receivedAt, State.confirmed, 1);
    }

    /** Paid by another account of this Till, by the outgoing payment {@code paymentId}. */
    public static IncomingPayment internal(Invoice invoice, String paymentId, long amountMsat, Instant receivedAt) {
        return new IncomingPayment(invoice, Rail.internal, paymentId, amountMsat, receivedAt, State.confirmed, 1);
    }

    /** For the DAO's binding. */
    public String invoiceId() {
        return invoice.id();
    }
}
