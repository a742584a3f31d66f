package till.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import till.net.HttpUrls;

/**
 * Makes one attempt at a webhook: a POST with the Standard Webhooks headers, 10 s at most, no redirects. Whatever
 * goes wrong on the way (a URL or secret that cannot be used, a refused address, the network) is the attempt's
 * error, never an exception: every attempt is recorded, so the retry schedule and the 72-hour limit apply to all.
 */
final class WebhookSender implements AutoCloseable {
    private static final int MAX_ERROR_LENGTH = 500;

    /** What the receiver answered: a status (and its Retry-After), or the error when there was no answer. */
    record Result(Integer statusCode, String error, String retryAfter) {}

    private final WebhookUrlGuard guard;
    private final String userAgent;
    private final OkHttpClient http;

    WebhookSender(WebhookUrlGuard guard, String userAgent, int connections) {
        this.guard = guard;
        this.userAgent = userAgent;
        this.http = new OkHttpClient.Builder()
                .dns(guard)
                .callTimeout(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(false)
                .followSslRedirects(false)
                // Enough idle connections for every sender: a shop's receiver gets many webhooks in a row.
                .connectionPool(new ConnectionPool(connections, 1, TimeUnit.MINUTES))
                // A receiver may close an idle kept-alive connection at any time: OkHttp then retries once on a
                // fresh one. That may repeat a request the receiver saw, which webhook-id lets it ignore.
                .retryOnConnectionFailure(true)
                .build();
    }

    Result post(Delivery delivery, long timestamp) {
        try {
            HttpUrl url = HttpUrls.parse(delivery.url());
            if (url == null) {
                throw new IllegalArgumentException("the URL is not one Till can send to: " + delivery.url());
            }
            guard.checkBeforeConnect(url);
            Request.Builder request = new Request.Builder()
                    .url(url)
                    .header("webhook-id", delivery.webhookId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("User-Agent", userAgent)
                    .post(RequestBody.create(delivery.body(), MediaType.get(delivery.contentType())));
            if (delivery.signingSecret() != null && !delivery.signingSecret().isEmpty()) {
                request.header("webhook-signature",
                        WebhookSigner.sign(delivery.signingSecret(), delivery.webhookId(), timestamp, delivery.body()));
            }
            try (Response response = http.newCall(request.build()).execute()) {
                drain(response);
                return new Result(response.code(), null, response.header("Retry-After"));
            }
        } catch (Exception e) {
            // Exceptions only: an Error (out of memory) is not an answer of the receiver and goes up.
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Result(null, message.length() <= MAX_ERROR_LENGTH ? message : message.substring(0, MAX_ERROR_LENGTH), null);
        }
    }

    private static void drain(Response response) throws IOException {
        // Read a little of the answer so the connection can be reused, but never a receiver's whole page.
        try (InputStream in = response.body().byteStream()) {
            in.readNBytes(4096);
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
