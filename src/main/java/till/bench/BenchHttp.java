package till.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The bench's HTTP/1.1 client: one shared connection pool, JSON in and out, and a status check on every answer. */
final class BenchHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    HttpClient client() {
        return client;
    }

    /** GET with an optional {@code Authorization} key; the answer's JSON, or an exception unless it is {@code expected}. */
    JsonNode get(String url, String key, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (key != null) {
            request.header("Authorization", key);
        }
        return send(request, expected);
    }

    JsonNode post(String url, String body, String key, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", key);
        }
        return send(request, expected);
    }

    /** GET of a dashboard page with the session's cookie; the body is read whole (as a browser would) and dropped. */
    void page(String url, String sessionCookie) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Cookie", sessionCookie).timeout(TIMEOUT).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + response.uri().getPath() + " answered " + response.statusCode());
        }
    }

    /** Signs in to the dashboard with an account's key, as its sign-in form does; returns the session's cookie. */
    String signInToDashboard(String tillUrl, String key) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(tillUrl + "/dashboard/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString("key=" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("Set-Cookie").map(cookie -> cookie.split(";", 2)[0])
                .orElseThrow(() -> new IOException("the dashboard's sign-in answered " + response.statusCode() + " without a cookie"));
    }

    /** The status alone, for polling: -1 when nothing answers. */
    int status(String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(request.build().method() + " " + response.uri().getPath() + " answered "
                    + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
