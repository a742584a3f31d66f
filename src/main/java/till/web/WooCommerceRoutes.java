package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;
import till.account.Caller;
import till.charge.NewCharge;
import till.error.ErrorCode;
import till.error.Problem;
import till.fiat.Currencies;
import till.invoice.InvoiceOrder;

/**
 * The two routes of OpenNode's WooCommerce plugin (opennodedev/opennode-for-woocommerce, v1.5.6), older than charges
 * and at the root: {@code POST /orders} makes an ordinary charge of the shop's order, {@code GET /checkouts/status/{id}}
 * reads it back as the charge JSON. The plugin sends its key bare in {@code Authorization} and a JSON body with a
 * numeric {@code order_id} and {@code price} as a string with eight decimals, read leniently as OpenNode does; it reads
 * {@code data.id} of the order, then {@code status}, {@code missing_amt} and {@code refund.id}. Its callback is the
 * charge's own form callback: the plugin checks {@code hashed_order} (the HMAC of the charge id) and {@code order_id}.
 */
final class WooCommerceRoutes {
    /** The plugin sends a BTC total multiplied by 10^8: satoshis, as a shop priced in "SATS" sends them too. */
    private static final Set<String> SATOSHIS = Set.of("BTC", "SATS");
    private static final BigDecimal MAX_SAT = BigDecimal.valueOf(InvoiceRequests.MAX_AMOUNT_MSAT / 1000);

    private final ChargeRoutes charges;
    private final ObjectMapper mapper;

    WooCommerceRoutes(ChargeRoutes charges, ObjectMapper mapper) {
        this.charges = charges;
        this.mapper = mapper;
    }

    void create(Context ctx, Caller caller) {
        charges.create(ctx, caller, () -> order(JsonBody.parseLenient(mapper, ctx.body())));
    }

    /** The charge, in OpenNode's charge JSON: what the plugin reads of it is the charge's own fields. */
    void status(Context ctx, Caller caller) {
        charges.get(ctx, caller);
    }

    /**
     * The plugin's order as a charge: {@code price} in the shop's currency {@code fiat}, converted at creation, or in
     * satoshis for BTC. {@code email} (the buyer's) is the charge's {@code notif_email}; {@code name} is not kept.
     */
    static NewCharge order(Fields fields) {
        BigDecimal price = fields.optionalDecimal("price");
        if (price == null) {
            throw Problem.at(ErrorCode.MISSING_FIELD, "price", "price is required");
        }
        String fiat = fields.requiredString("fiat", 10).toUpperCase(Locale.ROOT);
        boolean inSatoshis = SATOSHIS.contains(fiat);
        String currency = inSatoshis ? null : Currencies.iso(fiat).orElseThrow(() -> Problem.at(
                ErrorCode.UNSUPPORTED_CURRENCY, "fiat", fiat + " is not an ISO 4217 currency code, nor BTC"));
        String description = TextChecks.checkUtf8Bytes("description", fields.optionalString("description", 500),
                InvoiceOrder.MAX_DESCRIPTION_BYTES);
        return new NewCharge(inSatoshis ? satoshis(price) : 0, currency, inSatoshis ? null : price, description,
                fields.optionalString("order_id", 200), fields.optionalHttpUrl("callback_url"),
                fields.optionalHttpUrl("success_url"), NewCharge.DEFAULT_TTL_MINUTES, false, null,
                fields.optionalString("email", ChargeRequests.MAX_EMAIL_LENGTH));
    }

    /** Whole satoshis, rounded half up: the plugin's float arithmetic may leave a trace in the eighth decimal. */
    private static long satoshis(BigDecimal price) {
        BigDecimal sat = price.setScale(0, RoundingMode.HALF_UP);
        if (sat.signum() <= 0 || sat.compareTo(MAX_SAT) > 0) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "price",
                    "price in BTC is sent in satoshis (the total times 10^8): from 1 to " + MAX_SAT);
        }
        return sat.longValueExact();
    }
}
