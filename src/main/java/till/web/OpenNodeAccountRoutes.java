package till.web;

import io.javalin.http.Context;
import java.util.Map;
import till.account.AccountService;
import till.account.Caller;
import till.error.ErrorCode;
import till.error.Problem;

/** OpenNode's account reads (declared in {@link Api}): the balance, and the key check its PHP library makes. */
final class OpenNodeAccountRoutes {
    private final AccountService accounts;

    OpenNodeAccountRoutes(AccountService accounts) {
        this.accounts = accounts;
    }

    /**
     * {@code GET /v1/account/balance}: {@code {"data": {"balance": {"BTC": <satoshis>}}}}, rounded down so that it
     * never shows more than can be spent. No fiat balance: Till keeps none.
     */
    void balance(Context ctx, Caller caller) {
        String accountId = Auth.ownAccount(caller, "Balances");
        long balanceMsat = accounts.findAccount(accountId).orElseThrow(() -> Problem.of(ErrorCode.ACCOUNT_NOT_FOUND))
                .balanceMsat();
        ctx.json(Map.of("data", Map.of("balance", Map.of("BTC", Math.floorDiv(balanceMsat, 1000)))));
    }

    /**
     * {@code GET /v1/auth/test}: 200 with a {@code data} object for any valid key (OpenNode's PHP library checks a key
     * by that alone), saying what the key may do; an unknown key gets 401 like everywhere.
     */
    void authTest(Context ctx, Caller caller) {
        String kind = caller instanceof Caller.OfAccount own ? own.kind().name() : "admin";
        ctx.json(Map.of("data", Map.of("valid", true, "kind", kind)));
    }
}
