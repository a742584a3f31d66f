package till.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local webhook receiver: answers 204 at once and notes when each invoice's webhook arrived. Like a shop's receiver
 * it counts a delivery once per {@code webhook-id}: a repeat (from a retry, or a second Till process sending what
 * another already sent) is only counted as such.
 */
final class WebhookSink implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentHashMap<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final AtomicLong repeats = new AtomicLong();
    private volatile Runnable onEach = () -> { };

    WebhookSink() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A thread for each delivery Till has in flight, however many that is: the receiver never queues them.
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        try (exchange) {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            String hash = type != null && type.startsWith("application/x-www-form-urlencoded")
                    ? chargeStatus(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    : BenchHttp.JSON.readTree(exchange.getRequestBody()).path("transaction").path("invoiceHash").asText(null);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            exchange.sendResponseHeaders(204, -1);
            if (id != null && !ids.add(id)) {
                repeats.incrementAndGet();
                return;
            }
            received.incrementAndGet();
            onEach.run();
            if (hash != null) {
                arrival(hash).complete(now);
            }
        }
    }

    /** An OpenNode charge callback's key: {@code <charge id>/<status>}. */
    private static String chargeStatus(String form) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields.get("id") + "/" + fields.get("status");
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /**
     * Completes with the {@link System#nanoTime()} at which the webhook for this invoice arrived; for a charge's
     * callback, {@code key} is {@code <charge id>/<status>}.
     */
    CompletableFuture<Long> arrival(String key) {
        return arrivals.computeIfAbsent(key, h -> new CompletableFuture<>());
    }

    /** Runs {@code listener} after each webhook received. */
    void onEach(Runnable listener) {
        onEach = listener;
    }

    /** Webhooks received so far, each {@code webhook-id} once. */
    long received() {
        return received.get();
    }

    /** Deliveries of a {@code webhook-id} received before. */
    long repeats() {
        return repeats.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
