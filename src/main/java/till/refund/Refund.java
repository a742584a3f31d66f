package till.refund;

import java.time.Instant;

/**
 * A refund of an underpaid on-chain charge: the charge's outputs ({@code amountSat} in all, the network fee out of
 * it) sent to {@code address}; {@code txid} and {@code processedAt} once the node broadcast it.
 */
public record Refund(String id, String chargeId, String accountId, String address, String email, long amountSat,
                     RefundStatus status, String txid, Instant createdAt, Instant processedAt) {

    Refund sent(String broadcastTxid, Instant at) {
        return new Refund(id, chargeId, accountId, address, email, amountSat, RefundStatus.sent, broadcastTxid, createdAt, at);
    }
}
