package till.payment;

import java.time.Instant;

/** An outgoing payment as the HTTP API shows it: the Payment object of openapi.json, in IBEXPay's words. */
public record OutgoingPaymentJson(String id, String paymentHash, String bolt11, long amountMsat, Long feeMsat,
                                  OutgoingPaymentStatus status, String preimage, String failureReason,
                                  Instant createdAtUtc, Instant settledAtUtc) {

    public static OutgoingPaymentJson of(OutgoingPayment p) {
        return new OutgoingPaymentJson(p.id(), p.paymentHash(), p.bolt11(), p.amountMsat(), p.feeMsat(), p.status(),
                p.preimage(), p.failureReason(), p.createdAt(), p.settledAt());
    }
}
