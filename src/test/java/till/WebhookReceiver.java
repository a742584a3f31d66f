package till;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A real HTTP server on loopback that records the webhooks it gets and answers as the test scripts it. */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as received. Header names are lower case; {@code query} is the raw query string, or null. */
    public record Received(String path, Map<String, List<String>> headers, String body, long receivedAtNanos, String query) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : values.get(0);
        }
    }

    /** What to answer: status and extra headers. */
    public record Answer(int status, Map<String, String> headers) {
        public static Answer of(int status) {
            return new Answer(status, Map.of());
        }
    }

    public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    public final List<Received> all = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public WebhookReceiver(Function<Received, Answer> script) {
        this(0, script);
    }

    /** Closed with the receiver, so that a test counting threads sees none of its own left. */
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    public WebhookReceiver(int port, Function<Received, Answer> script) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(handlers);
        server.createContext("/", exchange -> handle(exchange, script));
        server.start();
    }

    private void handle(HttpExchange exchange, Function<Received, Answer> script) throws IOException {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
        Received request = new Received(exchange.getRequestURI().getPath(), headers,
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), System.nanoTime(),
                exchange.getRequestURI().getRawQuery());
        all.add(request);
        received.add(request);
        Answer answer = script.apply(request);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public Received next(Duration timeout) throws InterruptedException {
        Received request = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (request == null) {
            throw new AssertionError("no webhook within " + timeout);
        }
        return request;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
