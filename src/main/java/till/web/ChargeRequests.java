package till.web;

import till.charge.NewCharge;
import till.error.ErrorCode;
import till.error.Problem;
import till.invoice.InvoiceOrder;

/** Reads an OpenNode charge request (snake_case fields, amount in satoshis, ttl in minutes). */
final class ChargeRequests {
    private ChargeRequests() {}

    static NewCharge read(Fields fields) {
        String currency = fields.optionalString("currency", 10);
        if (currency != null && !currency.equalsIgnoreCase("BTC") && !currency.equalsIgnoreCase("SATS")) {
            throw Problem.at(ErrorCode.UNSUPPORTED_CURRENCY, "currency");
        }
        long amount = fields.requiredLong("amount", 1, InvoiceRequests.MAX_AMOUNT_MSAT / 1000);
        Long ttl = fields.optionalLong("ttl", 1, NewCharge.MAX_TTL_MINUTES);
        Boolean autoSettle = fields.optionalBoolean("auto_settle");
        String description = TextChecks.checkUtf8Bytes("description", fields.optionalString("description", 500),
                InvoiceOrder.MAX_DESCRIPTION_BYTES);
        return new NewCharge(amount, null, null, description, fields.optionalString("order_id", 200),
                fields.optionalHttpUrl("callback_url"), fields.optionalHttpUrl("success_url"),
                ttl == null ? NewCharge.DEFAULT_TTL_MINUTES : ttl.intValue(), autoSettle != null && autoSettle, null, null);
    }
}
