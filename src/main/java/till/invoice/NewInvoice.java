package till.invoice;

import till.fiat.FiatPrice;

/**
 * A validated request for an invoice; {@code price} is the fiat price {@code amountMsat} was converted from (null when
 * the request was in millisatoshis).
 */
public record NewInvoice(String bptId, long amountMsat, String tag, int expirationSeconds, String webhookUrl,
                         String webhookSecret, FiatPrice price) {
    public static final int MIN_EXPIRATION = 30;
    public static final int MAX_EXPIRATION = 900;
    public static final int DEFAULT_EXPIRATION = 900;
    public static final int MAX_TAG_LENGTH = 50;

    /** Outside 30..900 seconds the nearest limit is used, as IBEXPay does. */
    public static int clampExpiration(long seconds) {
        return (int) Math.max(MIN_EXPIRATION, Math.min(MAX_EXPIRATION, seconds));
    }
}
