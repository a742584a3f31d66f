package till.dashboard.money;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import till.TestTill;
import till.dashboard.DashboardClient;

/**
 * A shop signed in to the dashboard over plain HTTP: its session cookie on every request, its CSRF token for forms;
 * unlike {@link DashboardClient}, it can read an answer as it arrives (the CSV, the event stream).
 */
final class ShopSession {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final String url;
    private final String cookie;

    private ShopSession(String url, String cookie) {
        this.url = url;
        this.cookie = cookie;
    }

    /** Signs in as the dashboard's sign-in form does (see {@link DashboardClient}), keeping the session's cookie. */
    static ShopSession signIn(TestTill server, String key) {
        DashboardClient.Page answer = DashboardClient.attempt(server.url, key);
        if (answer.status() != 303 || answer.header("set-cookie") == null) {
            throw new AssertionError("sign-in refused: " + answer.status());
        }
        return new ShopSession(server.url, answer.header("set-cookie").split(";", 2)[0]);
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<InputStream> stream(String path) {
        return send(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpResponse<InputStream> events() {
        return send(request("/dashboard/events").header("Accept", "text/event-stream").GET(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpResponse<String> post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        // A browser's form of the same site says so; the router refuses a POST from elsewhere.
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString(body)), HttpResponse.BodyHandlers.ofString());
    }

    /** The session's CSRF token, as its pages' forms carry it. */
    String csrf() {
        Matcher m = CSRF.matcher(get("/dashboard").body());
        if (!m.find()) {
            throw new AssertionError("no CSRF field on the dashboard");
        }
        return m.group(1);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).header("Cookie", cookie).timeout(Duration.ofSeconds(60));
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return HTTP.send(request.build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
