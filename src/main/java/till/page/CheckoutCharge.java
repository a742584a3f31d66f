package till.page;

import java.util.Optional;

/**
 * What the checkout page shows of an OpenNode charge beyond its invoice: where the shop sends the payer back, and its
 * on-chain side when it has one.
 */
public record CheckoutCharge(Optional<String> successUrl, Optional<Onchain> onchain) {

    /**
     * The charge's address and amount; {@code missingSat} while underpaid; the refund's txid once refunded;
     * {@code refundToken} for the page's refund form.
     */
    public record Onchain(String address, long amountSat, long missingSat, String refundTxid, String refundToken) {}

    static final CheckoutCharge NONE = new CheckoutCharge(Optional.empty(), Optional.empty());
}
