package till.payment;

import java.time.Instant;
import till.bolt11.Bolt11Invoice;

/** {@code POST /invoice/decode}: what a bolt11 says, checked (checksum and signature) but not judged payable. */
public record DecodedBolt11(String network, String paymentHash, Long amountMsat, String description,
                            String descriptionHash, String payee, Instant createdAtUtc, long expirySeconds,
                            Instant expiresAtUtc, boolean expired, long minFinalCltvExpiry, String paymentSecret,
                            String features) {

    static DecodedBolt11 of(Bolt11Invoice i, Instant now) {
        return new DecodedBolt11(i.network().clnName(), i.paymentHash(), i.amountMsat(), i.description(),
                i.descriptionHash(), i.payeeNodeId(), Instant.ofEpochSecond(i.timestamp()), i.expirySeconds(),
                Instant.ofEpochSecond(i.expiresAt()), i.isExpired(now.getEpochSecond()), i.minFinalCltvExpiry(),
                i.paymentSecret(), i.featuresHex());
    }
}
