package till.dashboard;

import io.javalin.http.Context;

/** A dashboard route's handler, called only with a valid session of the right kind (and, for a POST, its CSRF token). */
@FunctionalInterface
public interface DashboardHandler {
    void handle(Context ctx, DashboardSession session) throws Exception;
}
