package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import till.account.AccountService;
import till.account.BptChange;
import till.account.Caller;
import till.account.KeyKind;
import till.dashboard.operator.AccountForm;
import till.error.ErrorCode;
import till.error.Problem;
import till.fiat.Rates;
import till.invoice.InvoiceIssuer;
import till.lnurl.LnurlLinks;

/** The account, terminal and key handlers (declared in {@link Api}): parse, call {@link AccountService}, respond. */
final class AccountRoutes {
    private final AccountService accounts;
    private final InvoiceIssuer issuer;
    private final Rates rates;
    private final ObjectMapper mapper;
    private final LnurlLinks links;

    AccountRoutes(AccountService accounts, InvoiceIssuer issuer, Rates rates, ObjectMapper mapper, LnurlLinks links) {
        this.accounts = accounts;
        this.issuer = issuer;
        this.rates = rates;
        this.mapper = mapper;
        this.links = links;
    }

    void create(Context ctx, Caller admin) {
        AccountForm.NewAccount account = newAccount(JsonBody.parse(mapper, ctx.body()));
        ctx.status(201).json(accounts.createAccount(account.name(), account.feePpm()));
    }

    /** A new account's fields, from the API's JSON or the dashboard's form. */
    static AccountForm.NewAccount newAccount(Fields fields) {
        String name = fields.requiredString("name", 100);
        Long feePpm = fields.optionalLong("feePpm", 0, 1_000_000);
        return new AccountForm.NewAccount(name, feePpm == null ? null : feePpm.intValue());
    }

    void list(Context ctx, Caller admin) {
        ctx.json(accounts.listAccounts());
    }

    void get(Context ctx, Caller caller) {
        ctx.json(accounts.findAccount(ctx.pathParam("id")).orElseThrow(AccountRoutes::notFound));
    }

    void createBpt(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        BptChange bpt = BptFields.all(JsonBody.parse(mapper, ctx.body()), rates);
        checkWebhook(bpt);
        accounts.findAccount(id).orElseThrow(AccountRoutes::notFound);
        ctx.status(201).json(Views.terminal(accounts.createBpt(id, bpt), links));
    }

    /**
     * {@code PATCH /accounts/{id}/bpts/{bptId}}: 200 with the terminal as changed; the fields absent stay, and
     * {@code "currency": null} sets it back to satoshis. Another account's terminal is 404, as a missing one.
     */
    void updateBpt(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        JsonBody body = JsonBody.parse(mapper, ctx.body());
        BptChange change = BptFields.given(body, body.isNull("currency"), body.isNull(BptFields.LIGHTNING_ADDRESS),
                body.isNull(WebhookFields.URL), rates);
        checkWebhook(change);
        accounts.findAccount(id).orElseThrow(AccountRoutes::notFound);
        ctx.json(Views.terminal(accounts.updateBpt(id, ctx.pathParam("bptId"), change)
                .orElseThrow(() -> Problem.of(ErrorCode.BPT_NOT_FOUND)), links));
    }

    /** A terminal's webhook URL is checked as an invoice's, when it is set: its host must be one Till calls. */
    private void checkWebhook(BptChange change) {
        if (change.webhookUrl() != null) {
            issuer.checkWebhookUrl(WebhookFields.URL, change.webhookUrl());
        }
    }

    void listBpts(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        accounts.findAccount(id).orElseThrow(AccountRoutes::notFound);
        ctx.json(accounts.listBpts(id).stream().map(bpt -> Views.terminal(bpt, links)).toList());
    }

    /** {@code POST /accounts/{id}/keys}: 201 with the key in clear, the only time it is shown. */
    void createKey(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        Fields body = JsonBody.parse(mapper, ctx.body());
        KeyKind kind = kind(body);
        String label = label(body);
        accounts.findAccount(id).orElseThrow(AccountRoutes::notFound);
        ctx.status(201).json(Views.createdKey(accounts.keys().create(id, kind, label)));
    }

    /** {@code GET /accounts/{id}/keys}: the keys' ids, kinds and labels, never the keys. */
    void listKeys(Context ctx, Caller caller) {
        String id = ctx.pathParam("id");
        accounts.findAccount(id).orElseThrow(AccountRoutes::notFound);
        ctx.json(accounts.keys().list(id).stream().map(Views::key).toList());
    }

    /** {@code DELETE /accounts/{id}/keys/{keyId}}: 204; only the admin may revoke the account's last full key. */
    void revokeKey(Context ctx, Caller caller) {
        accounts.keys().revoke(ctx.pathParam("id"), ctx.pathParam("keyId"), caller instanceof Caller.Admin);
        ctx.status(204);
    }

    /** A new key's kind, {@code receive} or {@code full}. */
    static KeyKind kind(Fields fields) {
        String kind = fields.requiredString("kind", 10);
        try {
            return KeyKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "kind", "kind must be receive or full");
        }
    }

    /** A new key's optional label. */
    static String label(Fields fields) {
        return fields.optionalString("label", 100);
    }

    private static Problem notFound() {
        return Problem.of(ErrorCode.ACCOUNT_NOT_FOUND);
    }
}
