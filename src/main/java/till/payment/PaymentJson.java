package till.payment;

import java.time.Instant;

/** The Payment object of the HTTP API (openapi.json). */
public record PaymentJson(String id, String paymentHash, String bolt11, long amountMsat, Long feeMsat,
                          PaymentStatus status, String preimage, String failureReason, Instant createdAtUtc,
                          Instant settledAtUtc) {

    public static PaymentJson of(Payment p) {
        return new PaymentJson(p.id(), p.paymentHash(), p.bolt11(), p.amountMsat(), p.feeMsat(), p.status(),
                p.preimage(), p.failureReason(), p.createdAt(), p.settledAt());
    }
}
