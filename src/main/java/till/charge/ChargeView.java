package till.charge;

import java.math.BigDecimal;
import java.util.List;
import till.fiat.Currencies;
import till.fiat.FiatPrice;
import till.invoice.Invoice;
import till.onchain.Bip21;
import till.invoice.InvoiceStatus;
import till.onchain.ChainPayment;

/**
 * A charge with the invoice it stands on, its address (null when it has none: on-chain payments off) and the outputs
 * paying it, first seen first: what the charge JSON and the callbacks are made of.
 */
public record ChargeView(Charge charge, Invoice invoice, String address, List<ChainPayment> payments) {

    /** OpenNode's statuses are the invoice's: unpaid, processing, underpaid, paid, expired, refunded. */
    public String status() {
        return invoice.status().name();
    }

    /** The currency the charge was priced in, as OpenNode names it: an ISO 4217 code, or "BTC" for satoshis. */
    public String currency() {
        FiatPrice price = invoice.price();
        return price == null ? "BTC" : price.currency();
    }

    /** OpenNode's {@code fiat_value}: the price in its fiat currency (at its minor units), null when priced in satoshis. */
    public BigDecimal fiatValue() {
        FiatPrice price = invoice.price();
        return price == null ? null : Currencies.inMinorUnits(price.currency(), price.amount());
    }

    /** OpenNode's {@code source_fiat_value}: the amount as the shop asked it, in {@link #currency()} (satoshis for BTC). */
    public BigDecimal sourceFiatValue() {
        BigDecimal fiat = fiatValue();
        return fiat == null ? BigDecimal.valueOf(charge.amountSat()) : fiat;
    }

    /**
     * The payment URI: with an address, BIP21 with the Lightning fallback,
     * {@code bitcoin:<address>?amount=<btc>&label=<description>&lightning=<bolt11>} (the amount in BTC, exact; the label
     * percent-encoded, absent without a description); without one, {@code lightning:<bolt11>}.
     */
    public String uri() {
        if (address == null) {
            return "lightning:" + invoice.bolt11();
        }
return new Bip21(address, charge.amountSat(), charge.description() == null ? "" : charge.description(),
                invoice.bolt11()).uri();
    }

    /** What the outputs that count (not replaced) bring, confirmed or not, in msat. */
    public long onchainMsat() {
        return payments.stream().filter(ChainPayment::counts).mapToLong(ChainPayment::amountMsat).sum();
    }

    /** OpenNode's {@code missing_amt}: the satoshis still to send while underpaid (rounded up), else null. */
    public Long missingSat() {
        if (invoice.status() != InvoiceStatus.underpaid) {
            return null;
        }
        long missingMsat = charge.amountSat() * 1000 - onchainMsat();
        return missingMsat <= 0 ? 0 : (missingMsat + 999) / 1000;
    }

    /** OpenNode's {@code overpaid_by}: the satoshis that arrived on-chain beyond the amount, else null. */
    public Long overpaidBySat() {
        long over = onchainMsat() - charge.amountSat() * 1000;
        return over > 0 ? over / 1000 : null;
    }
}
