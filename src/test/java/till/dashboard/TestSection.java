package till.dashboard;

import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import till.page.Html;

/**
 * A small section for the router's tests: a shop page that shows its session's account, a shop form that records what
 * it was sent (so a test can tell a refused POST changed nothing), and an operator page.
 */
final class TestSection implements DashboardSection {
    static final String SHOP_PAGE = "/dashboard/test-shop";
    static final String SHOP_FORM = "/dashboard/test-shop/note";
    static final String OPERATOR_PAGE = "/dashboard/test-operator";
    /** What only the operator's page shows (the sign-in page names the page it comes back to, not this). */
    static final String OPERATOR_MARK = "<p class=\"test-operator\">operator</p>";

    /** The notes the form took, as "accountId:note". */
    final List<String> notes = new CopyOnWriteArrayList<>();
    private final DashboardPages pages;

    TestSection(DashboardPages pages) {
        this.pages = pages;
    }

    @Override
    public void register(DashboardRouter router) {
        router.shopGet(SHOP_PAGE, (ctx, session) -> ctx.result(pages.page(session, "Overview",
                        new Html("<p class=\"test-account\">" + Html.escape(session.accountId()) + "</p>"
                                + "<form method=\"post\" action=\"" + SHOP_FORM + "\">"
                                + DashboardPages.csrfInput(session).markup()
                                + "<input name=\"note\"><button type=\"submit\">Note</button></form>"), null).markup()))
                .shopPost(SHOP_FORM, (ctx, session) -> {
                    notes.add(session.accountId() + ":" + ctx.formParam("note"));
                    ctx.redirect(SHOP_PAGE, HttpStatus.SEE_OTHER);
                })
                .operatorGet(OPERATOR_PAGE, (ctx, session) -> ctx.result(pages.page(session, "Operator",
                        new Html(OPERATOR_MARK), null).markup()));
    }

    /** As {@link till.TestTill#start} takes it. */
    static Function<DashboardPages, List<DashboardSection>> into(TestSection[] holder) {
        return pages -> {
            holder[0] = new TestSection(pages);
            return List.of(holder[0]);
        };
    }

    static Map<String, String> note(String text) {
        return Map.of("note", text);
    }
}
