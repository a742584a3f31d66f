package till.charge;

import java.math.BigDecimal;

/**
 * A validated charge request, in OpenNode's terms: priced in satoshis ({@code currency} null, {@code amountSat}) or in
 * a fiat currency ({@code currency} an ISO 4217 code, {@code amountFiat} at its scale), ttl in minutes; {@code metadata}
 * is the shop's JSON object as text (echoed back), {@code notifEmail} the buyer's address.
 */
public record NewCharge(long amountSat, String currency, BigDecimal amountFiat, String description, String orderId,
                        String callbackUrl, String successUrl, int ttlMinutes, boolean autoSettle, String metadata,
                        String notifEmail) {
    /** OpenNode's default: 24 hours. */
    public static final int DEFAULT_TTL_MINUTES = 1440;
    /** Core Lightning's own default invoice expiry is a week; Till allows up to that. */
    public static final int MAX_TTL_MINUTES = 10080;

    /** Priced in a fiat currency, converted at creation. */
    public boolean inFiat() {
        return currency != null;
    }
}
