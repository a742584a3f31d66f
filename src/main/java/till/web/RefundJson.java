package till.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import till.refund.Refund;

/**
 * A refund as OpenNode's API shapes it (snake_case, unix seconds, satoshis): {@code checkout_id} is the charge's id,
 * {@code amount} what the charge's outputs held (the network fee came out of it), {@code tx} the refund's txid once
 * sent, {@code processed_at} when.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record RefundJson(String id, String checkoutId, String address, long amount, String status, String tx, String email,
                  long createdAt, Long processedAt) {

    static RefundJson of(Refund refund) {
        return new RefundJson(refund.id(), refund.chargeId(), refund.address(), refund.amountSat(), refund.status().name(),
                refund.txid(), refund.email(), refund.createdAt().getEpochSecond(),
                refund.processedAt() == null ? null : refund.processedAt().getEpochSecond());
    }
}
