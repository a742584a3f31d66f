package till.webhook;

/**
 * A webhook to deliver: the body is fixed when the event happens and sent unchanged on every attempt;
 * {@code signingSecret} (nullable) signs it with the Standard Webhooks scheme.
 */
public record NewDelivery(String transactionId, String url, String contentType, String body, String signingSecret) {
    public static final String JSON = "application/json";
    public static final String FORM = "application/x-www-form-urlencoded";
}
