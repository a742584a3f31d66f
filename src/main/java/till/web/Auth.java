package till.web;

import io.javalin.http.Context;
import till.account.AccountService;
import till.account.AdminKey;
import till.account.Caller;
import till.error.Problem;

/** Finds the caller from the {@code Authorization} header: the admin key, or an account's API key. */
final class Auth {
    private final AdminKey adminKey;
    private final AccountService accounts;

    Auth(AdminKey adminKey, AccountService accounts) {
        this.adminKey = adminKey;
        this.accounts = accounts;
    }

    Caller caller(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw Problem.unauthorized("Send an API key in the Authorization header");
        }
        String key = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header.trim();
        if (adminKey.matches(key)) {
            return new Caller.Admin();
        }
        return accounts.accountIdForKey(key)
                .<Caller>map(Caller.OfAccount::new)
                .orElseThrow(() -> Problem.unauthorized("Unknown API key"));
    }

    Caller admin(Context ctx) {
        Caller caller = caller(ctx);
        if (!(caller instanceof Caller.Admin)) {
            throw Problem.forbidden("Only the admin key may do this");
        }
        return caller;
    }

    /** The caller, if it may act on this account: the admin or the account's own key. */
    Caller forAccount(Context ctx, String accountId) {
        Caller caller = caller(ctx);
        if (!caller.mayUse(accountId)) {
            throw Problem.forbidden("This key may not use another account");
        }
        return caller;
    }
}
