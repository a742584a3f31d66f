package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;
import java.util.regex.Pattern;
import till.account.Caller;
import till.charge.ChargeService;
import till.charge.ChargeView;
import till.error.ErrorCode;
import till.error.Problem;
import till.refund.RefundService;

/**
 * OpenNode's refund handlers (declared in {@link Api}): {@code POST /v1/refunds {checkout_id, address, email?}} refunds
 * an underpaid charge of the key's account (201, or 200 with the refund it has already), {@code GET /v1/refunds},
 * {@code GET /v1/refund/{id}}.
 */
final class RefundRoutes {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private final RefundService refunds;
    private final ChargeService charges;
    private final ObjectMapper mapper;

    RefundRoutes(RefundService refunds, ChargeService charges, ObjectMapper mapper) {
        this.refunds = refunds;
        this.charges = charges;
        this.mapper = mapper;
    }

    void create(Context ctx, Caller caller) {
        JsonBody body = JsonBody.parse(mapper, ctx.body());
        String chargeId = body.requiredString("checkout_id", 100);
        String address = refunds.checkAddress(body.requiredString("address", 100));
        String email = body.optionalString("email", 200);
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "email", "email must be an email address");
        }
        ChargeView charge = charges.find(chargeId).filter(c -> caller.mayUse(c.charge().accountId()))
                .orElseThrow(() -> Problem.of(ErrorCode.NOT_FOUND, "No such charge"));
        RefundService.Outcome outcome = refunds.refund(charge, address, email);
        ctx.status(outcome.created() ? 201 : 200).json(Map.of("data", RefundJson.of(outcome.refund())));
    }

    void get(Context ctx, Caller caller) {
        ctx.json(Map.of("data", RefundJson.of(refunds.find(ctx.pathParam("id"))
                .filter(r -> caller.mayUse(r.accountId()))
                .orElseThrow(() -> Problem.of(ErrorCode.REFUND_NOT_FOUND)))));
    }

    void list(Context ctx, Caller caller) {
        if (!(caller instanceof Caller.OfAccount account)) {
            throw Problem.of(ErrorCode.FORBIDDEN, "Refunds belong to an account: use its API key");
        }
        ctx.json(Map.of("data", refunds.list(account.accountId(), 500).stream().map(RefundJson::of).toList()));
    }
}
