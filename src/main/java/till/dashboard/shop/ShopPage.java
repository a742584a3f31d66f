package till.dashboard.shop;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import till.page.Html;

/** What the shop's sections share to answer: a drawn page, a time as people read it. */
final class ShopPage {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ShopPage() {}

    /** The router has set the page's headers and content type already. */
    static void send(Context ctx, int status, Html page) {
        ctx.status(status).result(page.markup());
    }

    /** "2026-11-30 02:41 UTC"; empty for no time. */
    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }
}
