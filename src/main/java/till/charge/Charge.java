package till.charge;

import java.time.Instant;

/**
 * An OpenNode-style charge: an invoice underneath ({@code transactionId}), with the shop's order details.
 * {@code amountSat} is what it asks in satoshis (converted at creation when priced in fiat: the invoice keeps the price).
 */
public record Charge(String id, String transactionId, String accountId, long amountSat, String description, String orderId,
                     String callbackUrl, String successUrl, boolean autoSettle, int ttlMinutes, String hashedOrder,
                     Instant createdAt, String metadata, String notifEmail) {

    /** What the charge's invoice says to the payer's wallet: its description, else its order, else "Payment". */
    public String shownDescription() {
        return shownDescription(description, orderId);
    }

    static String shownDescription(String description, String orderId) {
        return description != null ? description : orderId != null ? "Order " + orderId : "Payment";
    }
}
