package till.web;

import java.util.function.Function;
import till.account.BptChange;
import till.account.KeyKind;
import till.fiat.Rates;
import till.payment.PayRequest;

/**
 * The dashboard's shop forms, read as Till's API reads the same fields: the same checks, refused with the same
 * {@code Problem}s. A form's values are text, read as {@link QueryFields} reads a query; {@code form} gives a field's
 * value by name, null when absent.
 */
public final class ShopForms {
    private static final long MSAT_PER_SAT = 1000;

    private final Rates rates;

    public ShopForms(Rates rates) {
        this.rates = rates;
    }

    /** A key to make: its kind and optional label. */
    public record NewKey(KeyKind kind, String label) {}

    /**
     * A terminal's settings, all of them, for a new terminal or a change: as {@code POST /accounts/{id}/bpts} reads
     * them (an empty currency is satoshis; an empty split is the default, or unchanged).
     */
    public BptChange terminal(Function<String, String> form) {
        return BptFields.all(new QueryFields(form), rates);
    }

    /** A new key: as {@code POST /accounts/{id}/keys} reads it. */
    public NewKey newKey(Function<String, String> form) {
        QueryFields fields = new QueryFields(form);
        return new NewKey(AccountRoutes.kind(fields), AccountRoutes.label(fields));
    }

    /** A pay-out from the account: the bolt11 as {@code POST /invoice/pay} reads it, an amount in sats for one without. */
    public PayRequest payout(String accountId, Function<String, String> form) {
        QueryFields fields = new QueryFields(form);
        Long amountSat = fields.optionalLong("amountSat", 1, InvoiceRequests.MAX_AMOUNT_MSAT / MSAT_PER_SAT);
        return new PayRequest(accountId, fields.requiredString("bolt11", PaymentRoutes.MAX_BOLT11_LENGTH),
                amountSat == null ? null : amountSat * MSAT_PER_SAT, null);
    }
}
