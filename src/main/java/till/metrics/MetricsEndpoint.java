package till.metrics;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import till.error.ErrorCode;
import till.error.Problem;

/**
 * {@code GET /metrics} in Prometheus text. With {@code TILL_METRICS_KEY} set it wants
 * {@code Authorization: Bearer <key>} (Prometheus' {@code authorization} scrape setting); without, it is open.
 */
public final class MetricsEndpoint {
    /** Prometheus' text exposition format, as every Prometheus version scrapes it. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final TillMetrics metrics;
    private final byte[] key;

    /** {@code key} null: no key needed. */
    public MetricsEndpoint(TillMetrics metrics, String key) {
        this.metrics = metrics;
        this.key = key == null ? null : ("Bearer " + key).getBytes(StandardCharsets.UTF_8);
    }

    public void handle(Context ctx) {
        if (key != null && !hasKey(ctx)) {
            throw Problem.of(ErrorCode.UNAUTHORIZED, "/metrics needs Authorization: Bearer <TILL_METRICS_KEY>");
        }
        ctx.contentType(CONTENT_TYPE).result(metrics.scrape());
    }

    /** True when {@code TILL_METRICS_KEY} is set and the request carries it as a Bearer token. */
    public boolean hasKey(Context ctx) {
        String given = ctx.header("Authorization");
        // Constant time, so response timing says nothing about the key.
        return key != null && given != null && MessageDigest.isEqual(key, given.trim().getBytes(StandardCharsets.UTF_8));
    }
}
