package till.dashboard.shop;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import till.account.ApiKey;
import till.account.ApiKeys;
import till.account.KeyKind;
import till.account.NewApiKey;
import till.dashboard.DashboardPages;
import till.dashboard.DashboardRouter;
import till.dashboard.DashboardSection;
import till.dashboard.DashboardSession;
import till.error.ErrorCode;
import till.error.Problem;
import till.page.Html;
import till.page.Template;
import till.web.ShopForms;

/**
 * The shop's API keys: listed (never the keys themselves), made with a kind and a label, revoked after a confirmation,
 * under the API's rules ({@link ApiKeys}: the account's last full key stays). A new key is shown once, in the answer to
 * the form that made it: never after a redirect, never in a URL, never again. Any shop session may: only a full key
 * signs in to the dashboard, and revoking the key a session signed in with ends that session.
 */
public final class KeysSection implements DashboardSection {
    static final String PATH = "/dashboard/keys";
    private static final String TITLE = "Keys";

    private final DashboardPages pages;
    private final ApiKeys keys;
    private final ShopForms forms;
    private final Template list = Template.load("dashboard/keys");
    private final Template row = Template.load("dashboard/key-row");
    private final Template created = Template.load("dashboard/key-created");
    private final Template confirm = Template.load("dashboard/key-revoke");

    public KeysSection(DashboardPages pages, ApiKeys keys, ShopForms forms) {
        this.pages = pages;
        this.keys = keys;
        this.forms = forms;
    }

    @Override
    public void register(DashboardRouter router) {
        router.shopGet(PATH, this::list)
                .shopPost(PATH, this::create)
                .shopGet(PATH + "/{keyId}/revoke", this::confirmRevoke)
                .shopPost(PATH + "/{keyId}/revoke", this::revoke);
    }

    private void list(Context ctx, DashboardSession session) {
        show(ctx, session, 200, ctx.queryParam("revoked") != null ? "The key is revoked: it is refused from now on." : "", "",
                "");
    }

    private void create(Context ctx, DashboardSession session) {
        NewApiKey made;
        try {
            ShopForms.NewKey asked = forms.newKey(ctx::formParam);
            made = keys.create(session.accountId(), asked.kind(), asked.label());
        } catch (Problem refused) {
            String label = ctx.formParam("label");
            show(ctx, session, refused.status(), "", refused.getMessage(), label == null ? "" : label);
            return;
        }
        ApiKey key = made.key();
        Html content = created.fill(Map.of(
                "kind", kindText(key.kind()),
                "label", key.label() == null ? "" : key.label(),
                "apiKey", made.apiKey()));
        ShopPage.send(ctx, 200, pages.page(session, TITLE, content, null));
    }

    private void confirmRevoke(Context ctx, DashboardSession session) {
        ApiKey key = own(ctx, session);
        Html content = confirm.fill(Map.of(
                "csrf", DashboardPages.csrfInput(session),
                "keyId", key.id(),
                "kind", kindText(key.kind()),
                "label", key.label() == null ? "(no label)" : key.label(),
                "created", ShopPage.time(key.createdAt())));
        ShopPage.send(ctx, 200, pages.page(session, TITLE, content, null));
    }

    private void revoke(Context ctx, DashboardSession session) {
        try {
            keys.revoke(session.accountId(), ctx.pathParam("keyId"), false);
        } catch (Problem refused) {
            show(ctx, session, refused.status(), "", refused.getMessage(), "");
            return;
        }
        ctx.redirect(PATH + "?revoked", HttpStatus.SEE_OTHER);
    }

    private void show(Context ctx, DashboardSession session, int status, String notice, String error, String label) {
        List<ApiKey> own = keys.list(session.accountId());
        Html rows = new Html(own.stream().map(key -> row.fill(Map.of(
                "keyId", key.id(),
                "kind", key.kind().name(),
                "kindText", kindText(key.kind()),
                "label", key.label() == null ? "" : key.label(),
                "created", ShopPage.time(key.createdAt()),
                "lastUsed", key.lastUsedAt() == null ? "never" : ShopPage.time(key.lastUsedAt()))).markup())
                .collect(Collectors.joining()));
        Html content = list.fill(Map.of(
                "notice", notice,
                "rows", rows,
                "csrf", DashboardPages.csrfInput(session),
                "error", error,
                "label", label));
        ShopPage.send(ctx, status, pages.page(session, TITLE, content, null));
    }

    /** The path's key if it is the session's account's: another account's key looks missing. */
    private ApiKey own(Context ctx, DashboardSession session) {
        String keyId = ctx.pathParam("keyId");
        return keys.list(session.accountId()).stream().filter(key -> key.id().equals(keyId)).findFirst()
                .orElseThrow(() -> Problem.of(ErrorCode.KEY_NOT_FOUND));
    }

    private static String kindText(KeyKind kind) {
        return switch (kind) {
            case full -> "Full";
            case receive -> "Receive only";
        };
    }
}
