package till.dashboard;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import till.account.Account;
import till.account.AccountService;
import till.page.Html;
import till.page.Template;

/**
 * The dashboard's pages drawn: {@link DashboardPages#page} for a signed-in session (the bar with the account's name,
 * the navigation of its kind, sign-out), the sign-in page and the error pages. Nothing here shows a key or a session's
 * secret; the CSRF token is the only per-session value in a page.
 */
public final class DashboardLayout implements DashboardPages {
    /** A link of the navigation: where, and what it says. */
    private record Link(String href, String label) {}

    private static final List<Link> SHOP_NAV = List.of(
            new Link("/dashboard", "Overview"),
            new Link("/dashboard/transactions", "Transactions"),
            new Link("/dashboard/terminals", "Terminals"),
            new Link("/dashboard/payouts", "Pay out"),
            new Link("/dashboard/keys", "Keys"));
    private static final List<Link> OPERATOR_NAV = List.of(new Link("/dashboard/admin", "Operator"));

    /** What the dashboard's pages add to the payer's pages' layout: no search engine lists them; their own styles. */
    private static final Html DASHBOARD_HEAD = new Html("<meta name=\"robots\" content=\"noindex\">\n"
            + "<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">");
    private final Template layout = Template.load("layout");
    private final Template shell = Template.load("dashboard/shell");
    private final Template navLink = Template.load("dashboard/nav-link");
    private final Template signIn = Template.load("dashboard/sign-in");
    private final Template message = Template.load("dashboard/message");
    private final Html banner;
    private final boolean simulated;
    private final AccountService accounts;

    public DashboardLayout(boolean simulated, AccountService accounts) {
        this.simulated = simulated;
        this.accounts = accounts;
        this.banner = simulated ? Template.load("simulated-banner").fill(Map.of()) : Html.EMPTY;
    }

    @Override
    public Html page(DashboardSession session, String title, Html content, String script) {
        String name = session.operator() ? "Operator"
                : accounts.findAccount(session.accountId()).map(Account::name).orElse("");
        Html body = shell.fill(Map.of(
                "role", session.operator() ? "operator" : "shop",
                "name", name,
                "nav", nav(session.operator() ? OPERATOR_NAV : SHOP_NAV, title),
                "csrf", DashboardPages.csrfInput(session),
                "title", title,
                "content", content));
        return document(title + " — Till", body, script);
    }

    /** The sign-in form; {@code error} is empty or one sentence; {@code next}: where to go once signed in. */
    Html signIn(String error, String next) {
        return document("Sign in — Till", signIn.fill(Map.of("error", error, "next", next)), null);
    }

    /** A refusal or failure inside the dashboard, with a way back. */
    Html message(DashboardSession session, String title, String text) {
        Html content = message.fill(Map.of("message", text, "href", home(session), "link", "Back to the dashboard"));
        return session == null ? document(title + " — Till", content, null) : page(session, title, content, null);
    }

    /** Where a session starts: the shop's overview, or the operator's view. */
    static String home(DashboardSession session) {
        return session != null && session.operator() ? "/dashboard/admin" : "/dashboard";
    }

    private Html nav(List<Link> links, String title) {
        return new Html(links.stream()
                .map(link -> navLink.fill(Map.of("href", link.href(), "label", link.label(),
                        "current", link.label().equals(title) ? new Html(" aria-current=\"page\"") : Html.EMPTY)).markup())
                .collect(Collectors.joining()));
    }

    private Html document(String title, Html body, String script) {
        return layout.fill(Map.of(
                "page", "dashboard",
                "head", DASHBOARD_HEAD,
                "title", title,
                "simulated", Boolean.toString(simulated),
                "banner", banner,
                "script", script == null ? Html.EMPTY
                        : new Html("<script type=\"module\" src=\"/assets/" + Html.escape(script) + "\"></script>"),
                "content", body));
    }
}
