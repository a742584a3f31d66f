package till.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import till.account.AdminKey;
import till.account.ApiKeys;
import till.account.Caller;
import till.account.KeyKind;
import till.page.FormOrigin;
import till.page.PageRoutes;

/**
 * The dashboard at {@code /dashboard}: sign-in with a key (an account's full key opens its shop, the admin key the
 * operator's view), sign-out, and the sections' routes behind the session checks of {@link SessionRouter}.
 * A receive-only key does not sign in: the shop's pages pay out and make keys, which such a key may not.
 */
public final class Dashboard {
    /**
     * Where sign-in may send back to: a dashboard path, never another site's ("//host"), a ".." out of the dashboard
     * or a URL with a query.
     */
    private static final Pattern NEXT = Pattern.compile("/dashboard(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*");

    private final DashboardSessions sessions;
    private final AdminKey adminKey;
    private final ApiKeys keys;
    private final DashboardLayout layout;
    private final SignInLimits limits;
    private final SessionCookie cookie;
    private final Clock clock;
    private final List<DashboardSection> sections;

    public Dashboard(DashboardSessions sessions, AdminKey adminKey, ApiKeys keys, DashboardLayout layout,
                     SignInLimits limits, Supplier<String> publicUrl, Clock clock, List<DashboardSection> sections) {
        this.sessions = sessions;
        this.adminKey = adminKey;
        this.keys = keys;
        this.layout = layout;
        this.limits = limits;
        this.cookie = new SessionCookie(publicUrl);
        this.clock = clock;
        this.sections = sections;
    }

    public void register(RoutesConfig routes) {
        SessionRouter router = new SessionRouter(routes, sessions, layout);
        routes.get("/dashboard/sign-in", ctx -> signInPage(ctx, router));
        routes.post("/dashboard/sign-in", this::signIn);
        router.anyPost("/dashboard/sign-out", this::signOut);
        sections.forEach(section -> section.register(router));
    }

    private void signInPage(Context ctx, SessionRouter router) {
        Optional<DashboardSession> session = router.session(ctx);
        if (session.isPresent()) {
            ctx.redirect(DashboardLayout.home(session.get()), HttpStatus.SEE_OTHER);
            return;
        }
        PageRoutes.pageHeaders(ctx);
        SessionRouter.send(ctx, 200, layout.signIn("", next(ctx.queryParam("next"))));
    }

    /** The form's key: never echoed, never logged; any failure says as little as the API's 401. */
    private void signIn(Context ctx) {
        PageRoutes.pageHeaders(ctx);
        String next = next(ctx.formParam("next"));
        if (!FormOrigin.sameOrigin(ctx)) {
            refuse(ctx, 403, "Sign in from Till's own sign-in page.", next);
            return;
        }
        long wait = limits.attempt(ctx.ip());
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            refuse(ctx, 429, "Too many sign-in attempts. Try again in " + wait + " s.", next);
            return;
        }
        String key = Optional.ofNullable(ctx.formParam("key")).map(String::strip).orElse("");
        DashboardSessions.Opened opened;
        if (!key.isEmpty() && adminKey.matches(key)) {
            opened = sessions.open(null, null);
        } else {
            Optional<Caller.OfAccount> own = key.isEmpty() ? Optional.empty() : keys.find(key);
            if (own.isEmpty()) {
                refuse(ctx, 401, "That key was not accepted.", next);
                return;
            }
            if (own.get().kind() != KeyKind.full) {
                refuse(ctx, 403, "A receive-only key cannot sign in: use one of the account's full keys.", next);
                return;
            }
            opened = sessions.open(own.get().accountId(), own.get().keyId());
        }
        cookie.set(ctx, opened.secret(), clock.instant(), opened.session().expiresAt());
        DashboardSession session = opened.session();
        // Back to the page that asked for the sign-in; the router sends a session of the other kind to its own home.
        ctx.redirect(next.isEmpty() ? DashboardLayout.home(session) : next, HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx, DashboardSession session) {
        sessions.revoke(session.id());
        cookie.clear(ctx);
        ctx.redirect("/dashboard/sign-in", HttpStatus.SEE_OTHER);
    }

    private void refuse(Context ctx, int status, String error, String next) {
        SessionRouter.send(ctx, status, layout.signIn(error, next));
    }

    private static String next(String asked) {
        return asked != null && NEXT.matcher(asked).matches() ? asked : "";
    }
}
