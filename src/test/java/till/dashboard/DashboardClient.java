package till.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The dashboard as a browser uses it, over real HTTP: {@link #signIn} posts a key to the sign-in form and keeps the
 * session's cookie; {@link #get} and {@link #post} send it (a POST with the session's CSRF token and the
 * {@code Sec-Fetch-Site: same-origin} a browser adds to a form of the same site). Redirects are not followed: a test
 * sees the 303 and its Location. The raw methods ({@link #postRaw}, {@link #attempt}) send exactly what they are given.
 */
public final class DashboardClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CSRF = Pattern.compile("name=\"" + DashboardSession.CSRF_FIELD + "\" value=\"([^\"]+)\"");

    private final String baseUrl;
    private final String cookie;
    private final String home;
    private String csrf;

    private DashboardClient(String baseUrl, String cookie, String home) {
        this.baseUrl = baseUrl;
        this.cookie = cookie;
        this.home = home;
    }

    /** An HTTP answer: status, body, headers' first values (by lower-case name). */
    public record Page(int status, String body, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        /** Where a redirect points. */
        public String location() {
            return header("location");
        }
    }

    /** Signs in with this key (an account's full key, or the admin key); fails unless the sign-in succeeds. */
    public static DashboardClient signIn(String baseUrl, String key) {
        Page answer = attempt(baseUrl, key);
        if (answer.status() != 303 || answer.header("set-cookie") == null) {
            throw new AssertionError("sign-in refused: " + answer.status() + " " + answer.body());
        }
        String cookie = answer.header("set-cookie").split(";", 2)[0];
        return new DashboardClient(baseUrl, cookie, answer.location());
    }

    /** One sign-in attempt as the sign-in form posts it, from this site: the answer as it is. */
    public static Page attempt(String baseUrl, String key) {
        return send(baseUrl, "/dashboard/sign-in", form(Map.of("key", key)), "Sec-Fetch-Site", "same-origin");
    }

    /**
     * A request without a session: a GET when {@code form} is null, otherwise a POST of this url-encoded form; with
     * these extra headers (name, value, …).
     */
    public static Page send(String baseUrl, String path, String form, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return exchange(request);
    }

    /** Where the sign-in sent this session: {@code /dashboard} for a shop, {@code /dashboard/admin} for the operator. */
    public String home() {
        return home;
    }

    /** The {@code name=value} of the session's cookie, as the browser sends it back. */
    public String cookie() {
        return cookie;
    }

    /** A GET with the session's cookie; a page that carries the CSRF token updates the one {@link #post} sends. */
    public Page get(String path) {
        Page page = exchange(request(path).GET());
        Matcher m = CSRF.matcher(page.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return page;
    }

    /** The session's CSRF token, read from its home page (or the last page that carried it). */
    public String csrf() {
        if (csrf == null) {
            get(home);
        }
        if (csrf == null) {
            throw new AssertionError("no CSRF token in " + home);
        }
        return csrf;
    }

    /** A form POST as the dashboard's own pages send it: these fields, the CSRF token, from the same origin. */
    public Page post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put(DashboardSession.CSRF_FIELD, csrf());
        return postRaw(path, all, "Sec-Fetch-Site", "same-origin");
    }

    /** A form POST with the session's cookie and exactly these fields and headers (name, value, …). */
    public Page postRaw(String path, Map<String, String> fields, String... headers) {
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return exchange(request);
    }

    /** Signs out (the sign-out button's form). */
    public Page signOut() {
        return post("/dashboard/sign-out", Map.of());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Cookie", cookie);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Page exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            return new Page(response.statusCode(), response.body(), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
