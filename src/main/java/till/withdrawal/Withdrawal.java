package till.withdrawal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import till.payment.OutgoingPayment;

/**
 * An outgoing payment as OpenNode's withdrawal object: {@code type} "ln", {@code reference} the bolt11, amounts in
 * satoshis, times in unix seconds. Statuses in OpenNode's words: {@code pending} (in flight), {@code confirmed},
 * {@code failed} (with {@code error}). Sats are rounded up from msat, so neither amount nor fee is ever shown below
 * what left the balance; {@code fee} is 0 until the payment succeeds (a failed one cost nothing).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Withdrawal(String id, String type, long amount, long fee, String reference, String status, long createdAt,
                         Long processedAt, String error) {

    public static Withdrawal of(OutgoingPayment p) {
        String status = switch (p.status()) {
            case in_flight -> "pending";
            case succeeded -> "confirmed";
            case failed -> "failed";
        };
        return new Withdrawal(p.id(), "ln", satsUp(p.amountMsat()), p.feeMsat() == null ? 0 : satsUp(p.feeMsat()),
                p.bolt11(), status, p.createdAt().getEpochSecond(),
                p.settledAt() == null ? null : p.settledAt().getEpochSecond(), p.failureReason());
    }

    private static long satsUp(long msat) {
        return (msat + 999) / 1000;
    }
}
