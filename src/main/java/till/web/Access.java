package till.web;

import io.javalin.http.Context;
import till.account.Caller;

/**
 * Who may call a route. The route table ({@link Api#routes}) gives every route one of these, and {@link RouteTable}
 * checks it before the handler runs, so a handler never asks for a key itself.
 */
enum Access {
    /** Anyone, no key: payer pages, an invoice's public status, the version, health (details need a key), openapi. */
    PUBLIC,
    /** Anyone holding a terminal (bpt) id, which the request carries: creating invoices, as with IBEXPay. */
    TERMINAL,
    /** An account's key of either kind, or the admin: creating and reading invoices and charges. */
    RECEIVE,
    /** An account's full key, or the admin: anything that moves money or sends traffic. */
    FULL,
    /** The admin, or a full key of the account named by {@code {id}} in the path. */
    ACCOUNT,
    /** The admin key only. */
    ADMIN;

    /** The caller, checked against this access; null for the routes without a key. */
    Caller check(Auth auth, Context ctx) {
        return switch (this) {
            case PUBLIC, TERMINAL -> null;
            case RECEIVE -> auth.receiving(ctx);
            case FULL -> auth.caller(ctx);
            case ACCOUNT -> auth.forAccount(ctx, ctx.pathParam("id"));
            case ADMIN -> auth.admin(ctx);
        };
    }
}
