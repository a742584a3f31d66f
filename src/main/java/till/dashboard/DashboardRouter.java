package till.dashboard;

/**
 * Where each part of the dashboard declares its routes (paths under {@code /dashboard}). Shop routes need an account's
 * session, operator routes the operator's; a POST is refused (403) without the session's CSRF token in the form field
 * {@value DashboardSession#CSRF_FIELD}. Without a session a GET goes to the sign-in page, anything else gets 401.
 * A shop's handler reads and changes the data of {@code session.accountId()} only, never of an account named by the
 * path, the query or the form: the session is the only proof of who is asking.
 */
public interface DashboardRouter {
    DashboardRouter shopGet(String path, DashboardHandler handler);

    DashboardRouter shopPost(String path, DashboardHandler handler);

    DashboardRouter operatorGet(String path, DashboardHandler handler);

    DashboardRouter operatorPost(String path, DashboardHandler handler);
}
