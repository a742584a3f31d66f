package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import till.account.Caller;
import till.charge.ChargeService;
import till.charge.ChargeView;
import till.charge.NewCharge;
import till.error.ErrorCode;
import till.error.Problem;
import till.refund.Refund;
import till.refund.RefundService;

/** The OpenNode-style charge handlers (declared in {@link Api}): parse, call {@link ChargeService}, respond. */
final class ChargeRoutes {
    private final ChargeService charges;
    private final RefundService refunds;
    private final CreationLimits limits;
    private final ObjectMapper mapper;
    private final Supplier<String> publicUrl;

    ChargeRoutes(ChargeService charges, RefundService refunds, CreationLimits limits, ObjectMapper mapper,
                 Supplier<String> publicUrl) {
        this.charges = charges;
        this.refunds = refunds;
        this.limits = limits;
        this.mapper = mapper;
        this.publicUrl = publicUrl;
    }

    void create(Context ctx, Caller caller) {
        String accountId = accountOf(caller);
        NewCharge request = ChargeRequests.read(JsonBody.parse(mapper, ctx.body()));
        limits.account(ctx.ip(), accountId);
        ChargeView charge = charges.create(accountId, Auth.key(ctx), request);
        ctx.status(201).json(Map.of("data", ChargeJson.of(charge, publicUrl.get(), null)));
    }

    void get(Context ctx, Caller caller) {
        ChargeView charge = charges.find(ctx.pathParam("id")).filter(c -> caller.mayUse(c.charge().accountId()))
                .orElseThrow(() -> Problem.of(ErrorCode.NOT_FOUND, "No such charge"));
        ctx.json(Map.of("data", ChargeJson.of(charge, publicUrl.get(), refunds.forCharge(charge.charge().id()).orElse(null))));
    }

    void list(Context ctx, Caller caller) {
        String accountId = accountOf(caller);
        List<ChargeView> listed = charges.list(accountId, 500);
        Map<String, Refund> refunded = refunds.forCharges(listed.stream().map(c -> c.charge().id()).toList()).stream()
                .collect(Collectors.toMap(Refund::chargeId, Function.identity()));
        ctx.json(Map.of("data", listed.stream()
                .map(c -> ChargeJson.of(c, publicUrl.get(), refunded.get(c.charge().id()))).toList()));
    }

    /** Charges are made and listed by an account: the admin key, which has none, is refused here. */
    private static String accountOf(Caller caller) {
        return Auth.ownAccount(caller, "Charges");
    }
}
