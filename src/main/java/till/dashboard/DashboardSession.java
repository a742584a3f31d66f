package till.dashboard;

import java.time.Instant;

/**
 * Who is signed in to the dashboard: a shop (an account's key signed in: {@code accountId}) or the operator (the admin
 * key: {@code accountId} null). {@code id} names the session server-side (never the cookie's secret itself);
 * {@code csrfToken} goes into every form of its pages, as the hidden field {@value #CSRF_FIELD}.
 */
public record DashboardSession(String id, String accountId, String csrfToken, Instant expiresAt) {
    public static final String CSRF_FIELD = "csrf";

    public boolean operator() {
        return accountId == null;
    }
}
