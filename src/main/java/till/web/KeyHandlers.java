package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import till.account.AccountService;
import till.account.Caller;
import till.account.KeyKind;
import till.error.ErrorCode;
import till.error.Problem;

/** The handlers of an account's key routes (declared in {@link Api}): the admin or one of the account's full keys. */
final class KeyHandlers {
    private final AccountService accounts;
    private final Auth auth;
    private final ObjectMapper mapper;

    KeyHandlers(AccountService accounts, Auth auth, ObjectMapper mapper) {
        this.accounts = accounts;
        this.auth = auth;
        this.mapper = mapper;
    }

    /** {@code POST /accounts/{id}/keys}: 201 with the key in clear, the only time it is shown. */
    void create(Context ctx) {
        String id = ctx.pathParam("id");
        auth.forAccount(ctx, id);
        Fields body = JsonBody.parse(mapper, ctx.body());
        KeyKind kind = kind(body.requiredString("kind", 10));
        String label = body.optionalString("label", 100);
        accounts.findAccount(id).orElseThrow(Api::accountNotFound);
        ctx.status(201).json(Views.createdKey(accounts.keys().create(id, kind, label)));
    }

    /** {@code GET /accounts/{id}/keys}: the keys' ids, kinds and labels, never the keys. */
    void list(Context ctx) {
        String id = ctx.pathParam("id");
        auth.forAccount(ctx, id);
        accounts.findAccount(id).orElseThrow(Api::accountNotFound);
        ctx.json(accounts.keys().list(id).stream().map(Views::key).toList());
    }

    /** {@code DELETE /accounts/{id}/keys/{keyId}}: 204; only the admin may revoke the account's last full key. */
    void revoke(Context ctx) {
        String id = ctx.pathParam("id");
        Caller caller = auth.forAccount(ctx, id);
        accounts.keys().revoke(id, ctx.pathParam("keyId"), caller instanceof Caller.Admin);
        ctx.status(204);
    }

    private static KeyKind kind(String kind) {
        try {
            return KeyKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "kind", "kind must be receive or full");
        }
    }
}
