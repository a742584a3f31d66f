package till.charge;

import till.invoice.Invoice;

/** A charge with the invoice it stands on: what the charge JSON and the callbacks are made of. */
public record ChargeView(Charge charge, Invoice invoice) {

    /** OpenNode's statuses for Lightning charges are the invoice's: unpaid, paid, expired. */
    public String status() {
        return invoice.status().name();
    }
}
