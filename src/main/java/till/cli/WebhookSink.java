package till.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** A local webhook receiver for the sample: {@code /ok} answers 204, anything else 500 (so Till retries it). */
final class WebhookSink implements AutoCloseable {
    private final HttpServer server;

    private WebhookSink(HttpServer server) {
        this.server = server;
    }

    static WebhookSink start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/ok") ? 204 : 500, -1);
            exchange.close();
        });
        server.start();
        return new WebhookSink(server);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
