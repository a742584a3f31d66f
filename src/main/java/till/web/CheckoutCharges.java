package till.web;

import java.util.Optional;
import till.charge.ChargeService;
import till.charge.ChargeView;
import till.invoice.Invoice;
import till.page.CheckoutCharge;
import till.refund.Refund;
import till.refund.RefundService;
import till.refund.RefundToken;

/** What the checkout page shows of the charge an invoice stands for (see {@link CheckoutCharge}). */
final class CheckoutCharges {
    private final ChargeService charges;
    private final RefundService refunds;

    CheckoutCharges(ChargeService charges, RefundService refunds) {
        this.charges = charges;
        this.refunds = refunds;
    }

    Optional<CheckoutCharge> of(Invoice invoice) {
        return charges.forInvoice(invoice).map(this::of);
    }

    private CheckoutCharge of(ChargeView view) {
        Optional<CheckoutCharge.Onchain> onchain = refunds.address(view.invoice()).map(address -> new CheckoutCharge.Onchain(
                address, view.charge().amountSat(), refunds.missingSat(view.invoice()),
                refunds.forCharge(view.charge().id()).map(Refund::txid).orElse(null), RefundToken.of(view.charge())));
        return new CheckoutCharge(Optional.ofNullable(view.charge().successUrl()), onchain);
    }
}
