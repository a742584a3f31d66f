package till.dashboard.operator;

import io.javalin.http.Context;
import till.account.AccountService;
import till.account.CreatedAccount;
import till.dashboard.DashboardPages;
import till.dashboard.DashboardRouter;
import till.dashboard.DashboardSection;
import till.dashboard.DashboardSession;
import till.error.Problem;
import till.page.Html;

/**
 * The operator's view, {@code /dashboard/admin} (the admin key's session only): the accounts with their totals, the
 * node and what it can receive, the watchers, the webhook outbox; and a new account, whose first key its answer
 * shows once (a POST's answer: never in a URL, never cached, never shown again).
 */
public final class OperatorSection implements DashboardSection {
    static final String PATH = "/dashboard/admin";
    private static final String TITLE = "Operator";

    private final DashboardPages pages;
    private final OperatorView view;
    private final AccountService accounts;
    private final AccountForm form;
    private final OperatorPage page = new OperatorPage();

    public OperatorSection(DashboardPages pages, OperatorView view, AccountService accounts, AccountForm form) {
        this.pages = pages;
        this.view = view;
        this.accounts = accounts;
        this.form = form;
    }

    @Override
    public void register(DashboardRouter router) {
        router.operatorGet(PATH, this::show);
        router.operatorPost(PATH + "/accounts", this::createAccount);
    }

    private void show(Context ctx, DashboardSession session) {
        send(ctx, 200, session, page.view(session, view.read(pageAsked(ctx)), OperatorPage.Entered.NONE));
    }

    private void createAccount(Context ctx, DashboardSession session) {
        AccountForm.NewAccount asked;
        try {
            asked = form.read(name -> {
                String value = ctx.formParam(name);
                return value == null ? null : value.strip();
            });
        } catch (Problem refused) {
            OperatorPage.Entered entered = new OperatorPage.Entered(value(ctx, "name"), value(ctx, "feePpm"),
                    refused.getMessage());
            send(ctx, refused.status(), session, page.view(session, view.read(1), entered));
            return;
        }
        CreatedAccount created = accounts.createAccount(asked.name(), asked.feePpm());
        send(ctx, 201, session, page.created(session, created));
    }

    /** {@code ?page=N}; anything else is the first page. */
    private static int pageAsked(Context ctx) {
        String asked = ctx.queryParam("page");
        return asked != null && asked.matches("[1-9][0-9]{0,8}") ? Integer.parseInt(asked) : 1;
    }

    private static String value(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }

    private void send(Context ctx, int status, DashboardSession session, Html content) {
        ctx.status(status).contentType("text/html; charset=utf-8")
                .result(pages.page(session, TITLE, content, null).markup());
    }
}
