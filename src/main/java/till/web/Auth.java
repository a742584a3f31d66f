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

    /** The key as sent: {@code Authorization: <key>} or {@code Authorization: Bearer <key>}. */
    String key(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw Problem.unauthorized("Send an API key in the Authorization header");
        }
        return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header.trim();
    }

    /** True when the request carries the admin key; never refuses, for routes that only show more to the admin. */
    boolean isAdmin(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && !header.isBlank() && adminKey.matches(key(ctx));
    }

    Caller caller(Context ctx) {
        String key = key(ctx);
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

    /** The id of the calling account; the admin key is refused here with {@code why}. */
    String accountOnly(Context ctx, String why) {
        if (caller(ctx) instanceof Caller.OfAccount account) {
            return account.accountId();
        }
        throw Problem.forbidden(why);
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
