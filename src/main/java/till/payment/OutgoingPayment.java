package till.payment;

import java.time.Instant;

/**
 * One outgoing payment of an account (a row of {@code payment}). {@code amountMsat + maxFeeMsat} is reserved from
 * the balance while it is in flight; {@code feeMsat} is the routing fee actually paid, once it succeeded.
 * {@code internal}: a bolt11 of this Till, settled between accounts without the node.
 */
public record OutgoingPayment(
        String id,
        String accountId,
        String paymentHash,
        String bolt11,
        long amountMsat,
        long maxFeeMsat,
        Long feeMsat,
        OutgoingPaymentStatus status,
        boolean internal,
        String preimage,
        String failureReason,
        Instant createdAt,
        Instant settledAt) {

    public boolean isInFlight() {
        return status == OutgoingPaymentStatus.in_flight;
    }

    /** What the reservation took from the balance. */
    long reservedMsat() {
        return amountMsat + maxFeeMsat;
    }
}
