package till.dashboard;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * The session's cookie: its secret only, HttpOnly (no script reads it), SameSite=Strict (no other site's request
 * carries it), Secure when Till is reached over https, sent only to {@code /dashboard}, and gone at the session's
 * expiry.
 */
final class SessionCookie {
    static final String NAME = "till_dashboard";
    private static final String PATH = "/dashboard";

    private final Supplier<String> publicUrl;

    SessionCookie(Supplier<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** The secret the request's cookie carries, or null. */
    static String secret(Context ctx) {
        String value = ctx.cookie(NAME);
        return value == null || value.isEmpty() ? null : value;
    }

    void set(Context ctx, String secret, Instant now, Instant expiresAt) {
        // Rounded up: the session was opened a moment ago, and its lifetime is whole seconds.
        write(ctx, secret, (Duration.between(now, expiresAt).toMillis() + 999) / 1000, expiresAt);
    }

    void clear(Context ctx) {
        write(ctx, "", 0, Instant.EPOCH);
    }

    private void write(Context ctx, String value, long maxAgeSeconds, Instant expires) {
        boolean secure = publicUrl.get().startsWith("https:") || "https".equals(ctx.scheme());
        ctx.header("Set-Cookie", NAME + "=" + value + "; Path=" + PATH + "; Max-Age=" + maxAgeSeconds
                + "; Expires=" + DateTimeFormatter.RFC_1123_DATE_TIME.format(expires.atOffset(ZoneOffset.UTC))
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
    }
}
