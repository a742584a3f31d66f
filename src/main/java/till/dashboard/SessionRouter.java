package till.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.error.Problem;
import till.page.FormOrigin;
import till.page.Html;
import till.page.PageRoutes;

/**
 * The {@link DashboardRouter} on Javalin: every route finds its session from the cookie and checks it before its
 * handler runs. No session: a GET shows the sign-in page (then comes back), a POST gets 401. A shop's route with the
 * operator's session goes to the operator's view; an operator's route with a shop's session is 403. A POST needs the
 * session's CSRF token and a same-origin form (else 403, and the handler never runs). Pages are never cached and carry
 * the pages' strict CSP; a handler's {@link Problem} becomes a page with its status and sentence.
 * <p>
 * A handler gets the session only: a shop's section must read and change the data of {@code session.accountId()} and
 * of no other account, whatever the path or form says.
 */
final class SessionRouter implements DashboardRouter {
    private static final Logger log = LoggerFactory.getLogger(SessionRouter.class);

    /** Who a route is for. */
    enum Kind { SHOP, OPERATOR, ANY }

    private final RoutesConfig routes;
    private final DashboardSessions sessions;
    private final DashboardLayout layout;

    SessionRouter(RoutesConfig routes, DashboardSessions sessions, DashboardLayout layout) {
        this.routes = routes;
        this.sessions = sessions;
        this.layout = layout;
    }

    @Override
    public DashboardRouter shopGet(String path, DashboardHandler handler) {
        routes.get(checked(path), guarded(Kind.SHOP, false, handler));
        return this;
    }

    @Override
    public DashboardRouter shopPost(String path, DashboardHandler handler) {
        routes.post(checked(path), guarded(Kind.SHOP, true, handler));
        return this;
    }

    @Override
    public DashboardRouter operatorGet(String path, DashboardHandler handler) {
        routes.get(checked(path), guarded(Kind.OPERATOR, false, handler));
        return this;
    }

    @Override
    public DashboardRouter operatorPost(String path, DashboardHandler handler) {
        routes.post(checked(path), guarded(Kind.OPERATOR, true, handler));
        return this;
    }

    /** A POST route open to either kind of session (sign-out). */
    void anyPost(String path, DashboardHandler handler) {
        routes.post(checked(path), guarded(Kind.ANY, true, handler));
    }

    /** The session the request's cookie names, if it is live. */
    Optional<DashboardSession> session(Context ctx) {
        String secret = SessionCookie.secret(ctx);
        return secret == null ? Optional.empty() : sessions.find(secret);
    }

    private static String checked(String path) {
        if (!path.equals("/dashboard") && !path.startsWith("/dashboard/")) {
            throw new IllegalArgumentException("dashboard routes live under /dashboard, not " + path);
        }
        return path;
    }

    private Handler guarded(Kind kind, boolean post, DashboardHandler handler) {
        return ctx -> {
            PageRoutes.pageHeaders(ctx);
            ctx.contentType("text/html; charset=utf-8");
            Optional<DashboardSession> found = session(ctx);
            if (found.isEmpty()) {
                if (post) {
                    send(ctx, 401, layout.message(null, "Signed out", "Your session has ended. Sign in again."));
                } else {
                    send(ctx, 200, layout.signIn("", ctx.path()));
                }
                return;
            }
            DashboardSession session = found.get();
            if (kind == Kind.SHOP && session.operator()) {
                if (post) {
                    send(ctx, 403, layout.message(session, "Not for the operator", "This is a shop's page."));
                } else {
                    ctx.redirect(DashboardLayout.home(session), HttpStatus.SEE_OTHER);
                }
                return;
            }
            if (kind == Kind.OPERATOR && !session.operator()) {
                send(ctx, 403, layout.message(session, "Not allowed", "Only the operator (the admin key) may open this page."));
                return;
            }
            if (post && !(FormOrigin.sameOrigin(ctx) && tokenMatches(session, ctx.formParam(DashboardSession.CSRF_FIELD)))) {
                send(ctx, 403, layout.message(session, "Form refused",
                        "This form did not come from this dashboard page. Reload the page and try again."));
                return;
            }
            try {
                handler.handle(ctx, session);
            } catch (Problem e) {
                send(ctx, e.status(), layout.message(session, "Not done", e.getMessage()));
            } catch (RuntimeException e) {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                send(ctx, 500, layout.message(session, "Something went wrong",
                        "Till could not do this just now. Please try again in a moment."));
            }
        };
    }

    /** Constant-time, so response timing says nothing about the token. */
    private static boolean tokenMatches(DashboardSession session, String sent) {
        return sent != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.UTF_8));
    }

    static void send(Context ctx, int status, Html html) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(html.markup());
    }
}
