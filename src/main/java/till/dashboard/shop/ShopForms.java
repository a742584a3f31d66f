package till.dashboard.shop;

import java.util.function.Function;
import till.account.BptChange;
import till.account.KeyKind;
import till.payment.PayRequest;

/**
 * How the shop's forms are read: the same fields, checked the same way and refused with the same {@code Problem}s as
 * Till's API reads them (its web layer implements this). {@code form} gives a field's value by name, null when absent.
 */
public interface ShopForms {
    /**
     * A terminal's settings, all of them, for a new terminal or a change: as {@code POST /accounts/{id}/bpts} reads
     * them (an empty currency is satoshis; an empty split is the default, or unchanged).
     */
    BptChange terminal(Function<String, String> form);

    /** A new key: as {@code POST /accounts/{id}/keys} reads it. */
    NewKey newKey(Function<String, String> form);

    /** A pay-out from the account: the bolt11 as {@code POST /invoice/pay} reads it, an amount in sats for one without. */
    PayRequest payout(String accountId, Function<String, String> form);

    /** A key to make: its kind and optional label. */
    record NewKey(KeyKind kind, String label) {}
}
