package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Supplier;
import till.account.Caller;
import till.charge.ChargeService;
import till.charge.ChargeView;
import till.charge.NewCharge;
import till.error.ErrorCode;
import till.error.Problem;

/** The OpenNode-style charge handlers (declared in {@link Api}): parse, call {@link ChargeService}, respond. */
final class ChargeRoutes {
    private final ChargeService charges;
    private final CreationLimits limits;
    private final ObjectMapper mapper;
    private final Supplier<String> publicUrl;

    ChargeRoutes(ChargeService charges, CreationLimits limits, ObjectMapper mapper, Supplier<String> publicUrl) {
        this.charges = charges;
        this.limits = limits;
        this.mapper = mapper;
        this.publicUrl = publicUrl;
    }

    void create(Context ctx, Caller caller) {
        String accountId = accountOf(caller);
        NewCharge request = ChargeRequests.read(JsonBody.parse(mapper, ctx.body()));
        limits.account(ctx.ip(), accountId);
        ChargeView charge = charges.create(accountId, Auth.key(ctx), request);
        ctx.status(201).json(Map.of("data", ChargeJson.of(charge, publicUrl.get())));
    }

    void get(Context ctx, Caller caller) {
        ChargeView charge = charges.find(ctx.pathParam("id")).filter(c -> caller.mayUse(c.charge().accountId()))
                .orElseThrow(() -> Problem.of(ErrorCode.NOT_FOUND, "No such charge"));
        ctx.json(Map.of("data", ChargeJson.of(charge, publicUrl.get())));
    }

    void list(Context ctx, Caller caller) {
        String accountId = accountOf(caller);
        ctx.json(Map.of("data", charges.list(accountId, 500).stream().map(c -> ChargeJson.of(c, publicUrl.get())).toList()));
    }

    /** Charges are made and listed by an account: the admin key, which has none, is refused here. */
    private static String accountOf(Caller caller) {
        if (caller instanceof Caller.OfAccount account) {
            return account.accountId();
        }
        throw Problem.of(ErrorCode.FORBIDDEN, "Charges belong to an account: use its API key");
    }
}
