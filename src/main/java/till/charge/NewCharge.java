package till.charge;

/** A validated charge request, in OpenNode's terms (amount in satoshis, ttl in minutes). */
public record NewCharge(long amountSat, String description, String orderId, String callbackUrl, String successUrl,
                        int ttlMinutes, boolean autoSettle) {
    /** OpenNode's default: 24 hours. */
    public static final int DEFAULT_TTL_MINUTES = 1440;
    /** Core Lightning's own default invoice expiry is a week; Till allows up to that. */
    public static final int MAX_TTL_MINUTES = 10080;
}
