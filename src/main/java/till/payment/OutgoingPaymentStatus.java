package till.payment;

/** Where an outgoing payment stands; {@code in_flight} is the only state that still changes. */
public enum OutgoingPaymentStatus {
    in_flight, succeeded, failed
}
