package till.web;

import java.util.Optional;
import till.charge.ChargeService;
import till.charge.ChargeView;
import till.invoice.Invoice;
import till.page.CheckoutCharge;
import till.refund.Refund;
import till.refund.RefundService;
import till.refund.RefundToken;

/** What the checkout page shows of the charge an invoice stands for (see {@link CheckoutCharge}), and a charge's invoice. */
final class CheckoutCharges {
    private final ChargeService charges;
    private final RefundService refunds;

    CheckoutCharges(ChargeService charges, RefundService refunds) {
        this.charges = charges;
        this.refunds = refunds;
    }

    Optional<CheckoutCharge> of(Invoice invoice) {
        // Charges are exactly the invoices made without a terminal: the others need no look-up.
        return invoice.bptId() != null ? Optional.empty() : charges.findByInvoice(invoice.id()).map(this::of);
    }

    /** The invoice of the charge with this id: plugins send the payer to {@code <checkout base>/<charge id>}. */
    Optional<Invoice> invoiceOf(String chargeId) {
        return charges.find(chargeId).map(ChargeView::invoice);
    }

    private CheckoutCharge of(ChargeView view) {
        Optional<CheckoutCharge.Onchain> onchain = Optional.ofNullable(view.address()).map(address -> new CheckoutCharge.Onchain(
                address, view.charge().amountSat(), view.charge().description() == null ? "" : view.charge().description(),
                view.missingSat() == null ? 0 : view.missingSat(),
                refunds.forCharge(view.charge().id()).map(Refund::txid).orElse(null), RefundToken.of(view.charge())));
        return new CheckoutCharge(Optional.ofNullable(view.charge().successUrl()), onchain);
    }
}
