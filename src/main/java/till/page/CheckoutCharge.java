package till.page;

import java.util.Optional;
import till.onchain.Bip21;

/**
 * What the checkout page shows of an OpenNode charge beyond its invoice: where the shop sends the payer back, and its
 * on-chain side when it has one.
 */
public record CheckoutCharge(Optional<String> successUrl, Optional<Onchain> onchain) {

    /**
     * The charge's address, amount and label (its description, or empty: as its {@code uri} has them); {@code missingSat}
     * while underpaid; the refund's txid once refunded; {@code refundToken} for the page's refund form.
     */
    public record Onchain(String address, long amountSat, String label, long missingSat, String refundTxid,
                          String refundToken) {

        /** The unified BIP21 URI, Lightning invoice included. */
        Bip21 unified(String bolt11) {
            return new Bip21(address, amountSat, label, bolt11);
        }

        /** The on-chain URI: what is missing while underpaid, else the whole amount. */
        Bip21 onchain() {
            return Bip21.onchain(address, due());
        }

        long due() {
            return missingSat > 0 ? missingSat : amountSat;
        }
    }

    static final CheckoutCharge NONE = new CheckoutCharge(Optional.empty(), Optional.empty());
}
