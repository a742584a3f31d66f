package till.fiat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import till.json.Json;
import till.net.HttpUrls;

/**
 * One GET of a rate source's URL, read as its provider's answer. Short timeouts and a size cap: a slow or broken
 * provider costs a failed round, never a stuck thread or Till's memory.
 */
final class RateFetcher {
    /** Coinbase's answer, the largest, is some 20 KB; a megabyte is no rate answer. */
    static final long MAX_ANSWER_BYTES = 1024 * 1024;

    /** A failed fetch, its message safe to log: it names the provider and host, never the URL (it may carry a key). */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    private final RateProvider provider;
    private final HttpUrl url;
    private final String userAgent;
    private final ObjectMapper mapper = Json.mapper();
    private final OkHttpClient http;

    RateFetcher(RateProvider provider, String url, String userAgent) {
        this(provider, url, userAgent, Duration.ofSeconds(5));
    }

    /** {@code timeout} to connect, and between bytes of the answer; twice that for the whole call. */
    RateFetcher(RateProvider provider, String url, String userAgent, Duration timeout) {
        this.http = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout)
                .callTimeout(timeout.multipliedBy(2)).build();
        this.provider = provider;
        this.url = HttpUrls.parse(url);
        if (this.url == null) {
            throw new IllegalArgumentException("not an http(s) URL for " + provider.title());
        }
        this.userAgent = userAgent;
    }

    /** Where the rates come from, for people and logs: the provider and the host, without the URL's path or query. */
    String describe() {
        return provider.title() + " (" + url.host() + ")";
    }

    Map<String, BigDecimal> fetch() throws Failed {
        Request request = new Request.Builder().url(url).header("Accept", "application/json")
                .header("User-Agent", userAgent).get().build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new Failed(describe() + " answered HTTP " + response.code());
            }
            return provider.prices(mapper.readTree(limited(response.body())));
        } catch (IOException e) {
            throw new Failed(describe() + " could not be read: " + e.getClass().getSimpleName() + firstLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new Failed(describe() + " gave an answer Till cannot read: " + e.getMessage());
        }
    }

    /** An exception's first line (Jackson's go on with the answer's text), without the URL, which may carry a key. */
    private String firstLine(String message) {
        return message == null ? "" : " " + message.lines().findFirst().orElse("").replace(url.toString(), "<url>");
    }

    private static byte[] limited(ResponseBody body) throws IOException {
        if (body == null) {
            throw new IOException("empty answer");
        }
        BufferedSource source = body.source();
        if (source.request(MAX_ANSWER_BYTES + 1)) {
            throw new IOException("answer larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        return source.getBuffer().readByteArray();
    }
}
