package till.page;

import io.javalin.http.Context;
import java.net.URI;

/** Whether a form's POST came from one of Till's own pages, as far as the browser says. */
public final class FormOrigin {
    private FormOrigin() {}

    /**
     * What the browser says of where the form came from. Sec-Fetch-Site (every current browser) must be same-origin;
     * without it, an Origin must be this host. The pages' no-referrer policy makes browsers send {@code Origin: null}
     * with a form POST, which says nothing either way. Neither header (a script, an old browser): the form's token
     * decides.
     */
    public static boolean sameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin");
        }
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String host = ctx.header("Host");
            return host != null && uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
