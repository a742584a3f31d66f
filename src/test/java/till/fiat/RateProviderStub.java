package till.fiat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A rate provider on 127.0.0.1 (a free port), answering in one real provider's format (as its documentation shows
 * it, see the fixtures next to RateSourcesTest) with prices a test sets and changes; or down, or answering what the
 * test scripts. {@link #env()} points a Till at it.
 */
public final class RateProviderStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A scripted answer, instead of the prices. */
    public record Answer(int status, String body) {}

    private final RateProvider provider;
    private final Map<String, BigDecimal> prices = new TreeMap<>();
    private final AtomicReference<Answer> scripted = new AtomicReference<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile CountDownLatch hanging;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final HttpServer server;

    /** Coinbase's format, with USD 100000 and EUR 90000 to start with. */
    public static RateProviderStub coinbase() {
        return new RateProviderStub(RateProvider.COINBASE).price("USD", "100000").price("EUR", "90000");
    }

    public RateProviderStub(RateProvider provider) {
        this.provider = provider;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Sets (or changes) the price of one bitcoin in {@code currency}; answers from now on carry it. */
    public synchronized RateProviderStub price(String currency, String price) {
        prices.put(currency, new BigDecimal(price));
        return this;
    }

    /** Answers {@code status} with {@code body} from now on, instead of the prices (null: the prices again). */
    public RateProviderStub answer(Answer answer) {
        scripted.set(answer);
        return this;
    }

    /** Answers 503, as a provider that is down. */
    public RateProviderStub down() {
        return answer(new Answer(503, "{\"message\": \"down for maintenance\"}"));
    }

    /** Answers with the prices again (a hanging request is let go). */
    public RateProviderStub up() {
        release();
        return answer(null);
    }

    /** Takes requests and answers none of them, as a provider that hangs, until {@link #up} or close. */
    public RateProviderStub hang() {
        hanging = new CountDownLatch(1);
        return this;
    }

    private void release() {
        CountDownLatch latch = hanging;
        hanging = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    /** How many requests it has had. */
    public int requests() {
        return requests.get();
    }

    /** The URL to fetch: the provider's own path and query, on this server. */
    public String url() {
        String real = provider.defaultUrl();
        return "http://127.0.0.1:" + server.getAddress().getPort() + real.substring(real.indexOf('/', "https://".length()));
    }

    /** The settings that make a Till fetch from here. */
    public Map<String, String> env() {
        return Map.of("TILL_RATES_SOURCE", provider.id(), "TILL_RATES_URL", url());
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        CountDownLatch latch = hanging;
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Answer answer = scripted.get();
        if (answer == null) {
            answer = new Answer(200, body());
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The prices in the provider's format. */
    private synchronized String body() {
        ObjectNode root = JSON.createObjectNode();
        switch (provider) {
            case COINBASE -> {
                ObjectNode rates = root.putObject("data").put("currency", "BTC").putObject("rates");
                prices.forEach((c, p) -> rates.put(c, p.toPlainString()));
            }
            case KRAKEN -> {
                root.putArray("error");
                ObjectNode result = root.putObject("result");
                prices.forEach((c, p) -> result.putObject("XXBTZ" + c).putArray("c").add(p.toPlainString()).add("0.001"));
            }
            case COINGECKO -> {
                ObjectNode bitcoin = root.putObject("bitcoin");
                prices.forEach((c, p) -> bitcoin.put(c.toLowerCase(Locale.ROOT), p));
            }
            case MEMPOOL -> {
                root.put("time", System.currentTimeMillis() / 1000);
                prices.forEach(root::put);
            }
        }
        return root.toString();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        handlers.shutdownNow();
    }
}
