package till.invoice;

import java.nio.charset.StandardCharsets;
import till.fiat.FiatPrice;
import till.node.InvoiceDescription;

/**
 * Everything needed to issue an invoice: whose it is (an account, through a terminal or, for API charges,
 * directly with {@code bptId} null), the amount, the bolt11's description and expiry, the optional webhook, and the
 * fiat price the amount was converted from (null when priced in bitcoin).
 */
public record InvoiceOrder(String accountId, String bptId, int splitBitcoinPercentage, long amountMsat, String tag,
                           InvoiceDescription description, long expirySeconds, String webhookUrl, String webhookSecret,
                           FiatPrice price) {
    /**
     * A bolt11 field holds at most 1023 groups of 5 bits, so a description has at most 639 bytes of UTF-8; Core
     * Lightning refuses longer ones ("Descriptions greater than 640 bytes not yet supported").
     */
    public static final int MAX_DESCRIPTION_BYTES = 639;

    public InvoiceOrder {
        // The requests are checked against this before they get here; an order past it is a bug, caught before the node.
        // A description sent as its hash only has no such limit.
        if (!description.hashOnly() && description.text().getBytes(StandardCharsets.UTF_8).length > MAX_DESCRIPTION_BYTES) {
            throw new IllegalArgumentException("description longer than " + MAX_DESCRIPTION_BYTES + " bytes");
        }
    }
}
