package till.dashboard.money;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import till.account.AccountService;
import till.account.Bpt;
import till.dashboard.DashboardPages;
import till.dashboard.DashboardRouter;
import till.dashboard.DashboardSection;
import till.dashboard.DashboardSession;
import till.error.ErrorCode;
import till.error.Problem;
import till.invoice.Invoice;
import till.invoice.InvoicePage;
import till.page.Html;
import till.web.CreationLimits;
import till.webhook.WebhookLog;

/**
 * The shop's money in the dashboard: the overview ({@code /dashboard}), the transactions list with its filters and
 * CSV export, one transaction with its webhooks (and their redelivery), and the live updates' stream. Every read is
 * of the signed-in account's own rows: another account's transaction is "not found".
 */
public final class MoneySection implements DashboardSection {
    static final int PAGE_SIZE = 50;
    private static final int LATEST = 10;
    private static final String SCRIPT = "dashboard-money.js";

    private final ShopMoney money;
    private final LiveMoney live;
    private final WebhookLog webhooks;
    private final AccountService accounts;
    private final DashboardPages pages;
    private final CreationLimits limits;
    private final MoneyViews views = new MoneyViews();

    /** {@code limits}: the API's, whose per-account budget of redeliveries the dashboard's form spends too. */
    public MoneySection(ShopMoney money, LiveMoney live, WebhookLog webhooks, AccountService accounts, DashboardPages pages,
                        CreationLimits limits) {
        this.money = money;
        this.live = live;
        this.webhooks = webhooks;
        this.accounts = accounts;
        this.pages = pages;
        this.limits = limits;
    }

    @Override
    public void register(DashboardRouter router) {
        router.shopGet("/dashboard", this::overview)
                .shopGet("/dashboard/transactions", this::list)
                .shopGet("/dashboard/transactions.csv", this::csv)
                .shopGet("/dashboard/transactions/{id}", this::detail)
                .shopPost("/dashboard/transactions/{id}/redeliver", this::redeliver)
                .shopGet("/dashboard/events", live::open);
    }

    private void overview(Context ctx, DashboardSession session) {
        String account = session.accountId();
        InvoicePage latest = money.page(new TransactionFilter(account, null, null, null, null, null), null, LATEST);
        send(ctx, session, "Overview", views.overview(money.overview(account), latest, terminals(account)));
    }

    private void list(Context ctx, DashboardSession session) {
        ListRequest request = ListRequest.read(ctx);
        InvoicePage page = money.page(request.filter(session.accountId()), request.after(), PAGE_SIZE);
        send(ctx, session, "Transactions", views.list(request, page, terminals(session.accountId())));
    }

    /** Streamed: rows are written a batch at a time as they are read, never all held at once. */
    private void csv(Context ctx, DashboardSession session) throws Exception {
        ListRequest request = ListRequest.read(ctx);
        String name = "till-transactions" + (request.from() == null ? "" : "-from-" + request.from())
                + (request.to() == null ? "" : "-to-" + request.to()) + ".csv";
        ctx.status(HttpStatus.OK);
        ctx.res().setContentType("text/csv; charset=utf-8; header=present");
        ctx.res().setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.res().setHeader("Cache-Control", "no-store");
        Writer out = new BufferedWriter(new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        money.exportCsv(request.filter(session.accountId()), terminals(session.accountId()), out);
        out.flush();
    }

    private void detail(Context ctx, DashboardSession session) {
        Invoice t = find(ctx, session);
        String terminal = t.bptId() == null ? null : accounts.findBpt(t.bptId()).map(Bpt::name).orElse(t.bptId());
        Html form = new Html("<form method=\"post\" action=\"/dashboard/transactions/" + t.seq() + "/redeliver\">"
                + DashboardPages.csrfInput(session).markup()
                + "<button type=\"submit\" class=\"button secondary\">Redeliver webhooks</button></form>");
        send(ctx, session, "Transaction " + t.seq(),
                views.detail(t, terminal, webhooks.forTransaction(t.id()), form, notice(ctx)));
    }

    /** What {@code POST /transaction/{id}/webhooks/redeliver} does, then back to the transaction with the outcome. */
    private void redeliver(Context ctx, DashboardSession session) {
        Invoice t = find(ctx, session);
        String outcome;
        try {
            limits.redeliveryFromDashboard(session.accountId());
            outcome = "queued-" + webhooks.redeliver(t.id());
        } catch (Problem problem) {
            if (problem.error() != ErrorCode.REDELIVERY_PENDING) {
                throw problem;
            }
            outcome = "pending";
        }
        ctx.redirect("/dashboard/transactions/" + t.seq() + "?redelivery=" + outcome, HttpStatus.SEE_OTHER);
    }

    private static String notice(Context ctx) {
        String outcome = ctx.queryParam("redelivery");
        if (outcome == null) {
            return null;
        }
        if (outcome.equals("pending")) {
            return "A redelivery of these webhooks is still pending: it is retried on its own schedule.";
        }
        return outcome.equals("queued-1") ? "The webhook was queued again." : "The webhooks were queued again.";
    }

    private Invoice find(Context ctx, DashboardSession session) {
        long seq;
        try {
            seq = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Problem.of(ErrorCode.NOT_FOUND);
        }
        return money.find(session.accountId(), seq).orElseThrow(() -> Problem.of(ErrorCode.NOT_FOUND));
    }

    private List<Bpt> terminals(String accountId) {
        return accounts.listBpts(accountId);
    }

    private void send(Context ctx, DashboardSession session, String title, Html content) {
        ctx.result(pages.page(session, title, content, SCRIPT).markup());
    }
}
