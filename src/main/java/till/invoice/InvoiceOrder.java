package till.invoice;

/**
 * Everything needed to issue an invoice: whose it is (an account, through a terminal or, for API charges,
 * directly with {@code bptId} null), the amount, the bolt11's description and expiry, and the optional webhook.
 */
public record InvoiceOrder(String accountId, String bptId, int splitBitcoinPercentage, long amountMsat, String tag,
                           String description, long expirySeconds, String webhookUrl, String webhookSecret) {}
