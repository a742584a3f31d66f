package till.dashboard;

import till.page.Html;

/** How every dashboard page is drawn: one layout, the simulated-mode banner, the navigation, sign-out. */
public interface DashboardPages {
    /**
     * A whole page for {@code session}: {@code content} inside the layout (navigation for a shop or for the operator),
     * with {@code script} (a file name under {@code /assets/}, or null) as its only script: the CSP allows no other.
     */
    Html page(DashboardSession session, String title, Html content, String script);

    /** The hidden field every form of the session's pages carries. */
    static Html csrfInput(DashboardSession session) {
        return new Html("<input type=\"hidden\" name=\"" + DashboardSession.CSRF_FIELD + "\" value=\""
                + Html.escape(session.csrfToken()) + "\">");
    }
}
