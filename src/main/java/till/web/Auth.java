package till.web;

import io.javalin.http.Context;
import till.account.AccountService;
import till.account.AdminKey;
import till.account.Caller;
import till.account.KeyKind;
import till.error.ErrorCode;
import till.error.Problem;

/**
 * Finds the caller from the {@code Authorization} header: the admin key, or one of an account's API keys. The route
 * table applies it through {@link Access}; receive keys pass only {@link Access#RECEIVE}, so a new route is closed to
 * them unless the table opens it.
 */
final class Auth {
    private final AdminKey adminKey;
    private final AccountService accounts;

    Auth(AdminKey adminKey, AccountService accounts) {
        this.adminKey = adminKey;
        this.accounts = accounts;
    }

    /** The key as sent: {@code Authorization: <key>} or {@code Authorization: Bearer <key>}. */
    static String key(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw Problem.of(ErrorCode.UNAUTHORIZED);
        }
        return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : header.trim();
    }

    /** True when the request carries the admin key; never refuses, for routes that only show more to the admin. */
    boolean isAdmin(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && !header.isBlank() && adminKey.matches(key(ctx));
    }

    /** The admin or a full key; a receive key is refused. */
    Caller caller(Context ctx) {
        Caller caller = receiving(ctx);
        if (caller instanceof Caller.OfAccount own && own.kind() == KeyKind.receive) {
            throw Problem.of(ErrorCode.KEY_NOT_ALLOWED);
        }
        return caller;
    }

    /** Any caller, receive keys included: only for the routes that create or read invoices and charges. */
    Caller receiving(Context ctx) {
        String key = key(ctx);
        if (adminKey.matches(key)) {
            return new Caller.Admin();
        }
        return accounts.keys().find(key).<Caller>map(own -> own).orElseThrow(() -> Problem.of(ErrorCode.UNAUTHORIZED, "Unknown API key"));
    }

    Caller admin(Context ctx) {
        Caller caller = caller(ctx);
        if (!(caller instanceof Caller.Admin)) {
            throw Problem.of(ErrorCode.FORBIDDEN, "Only the admin key may do this");
        }
        return caller;
    }

    /** The caller, if it may act on this account: the admin or one of the account's full keys. */
    Caller forAccount(Context ctx, String accountId) {
        return mayUse(caller(ctx), accountId);
    }

    /**
     * The caller's account, for OpenNode's routes, where the key names the account ({@code what} belongs to one): the
     * admin key, which has none, is refused.
     */
    static String ownAccount(Caller caller, String what) {
        if (caller instanceof Caller.OfAccount account) {
            return account.accountId();
        }
        throw Problem.of(ErrorCode.FORBIDDEN, what + " belong to an account: use its API key");
    }

    /** {@code caller}, if it may act on this account; another account's key is refused. */
    static Caller mayUse(Caller caller, String accountId) {
        if (!caller.mayUse(accountId)) {
            throw Problem.of(ErrorCode.FORBIDDEN, "This key may not use another account");
        }
        return caller;
    }
}
