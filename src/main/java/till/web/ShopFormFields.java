package till.web;

import java.util.function.Function;
import till.account.BptChange;
import till.dashboard.shop.ShopForms;
import till.fiat.Rates;
import till.payment.PayRequest;

/** The dashboard's shop forms read as Till's API reads the same fields ({@link QueryFields}: a form's values are text). */
final class ShopFormFields implements ShopForms {
    private static final long MSAT_PER_SAT = 1000;

    private final Rates rates;

    ShopFormFields(Rates rates) {
        this.rates = rates;
    }

    @Override
    public BptChange terminal(Function<String, String> form) {
        return BptFields.all(new QueryFields(form), rates);
    }

    @Override
    public NewKey newKey(Function<String, String> form) {
        QueryFields fields = new QueryFields(form);
        return new NewKey(AccountRoutes.kind(fields), AccountRoutes.label(fields));
    }

    @Override
    public PayRequest payout(String accountId, Function<String, String> form) {
        QueryFields fields = new QueryFields(form);
        Long amountSat = fields.optionalLong("amountSat", 1, InvoiceRequests.MAX_AMOUNT_MSAT / MSAT_PER_SAT);
        return new PayRequest(accountId, fields.requiredString("bolt11", PaymentRoutes.MAX_BOLT11_LENGTH),
                amountSat == null ? null : amountSat * MSAT_PER_SAT, null);
    }
}
