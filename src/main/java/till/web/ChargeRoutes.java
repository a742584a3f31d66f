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
    static final int MAX_PAGE_SIZE = 500;

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
        create(ctx, caller, () -> ChargeRequests.read(JsonBody.parseLenient(mapper, ctx.body())));
    }

    /** Creates the charge {@code read} makes of the request: OpenNode's charge request, or WooCommerce's order. */
    void create(Context ctx, Caller caller, Supplier<NewCharge> read) {
        String accountId = accountOf(caller);
        NewCharge request = read.get();
        limits.account(ctx.ip(), accountId);
        ChargeView charge = charges.create(accountId, Auth.key(ctx), request);
        ctx.status(201).json(Map.of("data", ChargeJson.of(charge, publicUrl.get(), null)));
    }

    void get(Context ctx, Caller caller) {
        ChargeView charge = visible(ctx, caller);
        ctx.json(Map.of("data", ChargeJson.of(charge, publicUrl.get(), refunds.forCharge(charge.charge().id()).orElse(null))));
    }

    /** OpenNode's v2 shape of the same charge. */
    void getV2(Context ctx, Caller caller) {
        ctx.json(Map.of("data", ChargeV2Json.of(visible(ctx, caller), publicUrl.get())));
    }

    /**
     * OpenNode's "paid charges", as both official libraries use them: the account's paid charges, newest first, a page
     * at a time ({@code page} from 1, {@code page_size} up to {@value #MAX_PAGE_SIZE}, that many by default).
     */
    void list(Context ctx, Caller caller) {
        String accountId = accountOf(caller);
        QueryFields query = new QueryFields(ctx::queryParam);
        Long page = query.optionalLong("page", 1, Integer.MAX_VALUE);
        Long pageSize = query.optionalLong("pageSize", 1, MAX_PAGE_SIZE);
        List<ChargeView> listed = charges.paid(accountId, page == null ? 1 : page,
                pageSize == null ? MAX_PAGE_SIZE : pageSize.intValue());
        Map<String, Refund> refunded = refunds.forCharges(listed.stream().map(c -> c.charge().id()).toList()).stream()
                .collect(Collectors.toMap(Refund::chargeId, Function.identity()));
        ctx.json(Map.of("data", listed.stream()
                .map(c -> ChargeJson.of(c, publicUrl.get(), refunded.get(c.charge().id()))).toList()));
    }

    private ChargeView visible(Context ctx, Caller caller) {
        return charges.find(ctx.pathParam("id")).filter(c -> caller.mayUse(c.charge().accountId()))
                .orElseThrow(() -> Problem.of(ErrorCode.NOT_FOUND, "No such charge"));
    }

    /** Charges are made and listed by an account: the admin key, which has none, is refused here. */
    private static String accountOf(Caller caller) {
        return Auth.ownAccount(caller, "Charges");
    }
}
