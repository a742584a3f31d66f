package till.dashboard.money;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import till.dashboard.DashboardSession;
import till.error.ErrorCode;
import till.error.Problem;
import till.invoice.Invoice;
import till.invoice.InvoiceEvents;
import till.task.RepeatingTask;

/**
 * The shop's live updates: a Server-Sent Events stream per open dashboard page, told when one of its account's
 * transactions is created or changes (with the balance after it). The invoice listener only notes the account: the
 * streams are written from this class's own thread, every {@link #ROUND}, one event per account and round, so a
 * slow browser never holds up a settlement. Each stream counts against caps per session and per account; a stream
 * ends when its browser goes (noticed at the next write: a comment every {@link #HEARTBEAT}) or its session expires.
 */
public final class LiveMoney implements InvoiceEvents.Listener, AutoCloseable {
    static final int PER_SESSION = 4;
    static final int PER_ACCOUNT = 16;
    private static final Duration ROUND = Duration.ofMillis(250);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final ShopMoney money;
    private final Clock clock;
    private final RepeatingTask writer;
    /** account id -> its open streams */
    private final Map<String, Set<Stream>> streams = new ConcurrentHashMap<>();
    /** account id -> the public id of its latest change not yet sent */
    private final Map<String, Long> changed = new ConcurrentHashMap<>();
    private volatile Instant nextHeartbeat = Instant.MIN;

    public LiveMoney(ShopMoney money, Clock clock) {
        this.money = money;
        this.clock = clock;
        this.writer = new RepeatingTask("dashboard-live", ROUND, this::round);
    }

    public LiveMoney start() {
        writer.start(ROUND);
        return this;
    }

    @Override
    public void invoiceCreated(Invoice transaction) {
        invoiceChanged(transaction);
    }

    @Override
    public void invoiceChanged(Invoice transaction) {
        if (streams.containsKey(transaction.accountId())) {
            changed.put(transaction.accountId(), transaction.seq());
        }
    }

    /** {@code GET /dashboard/events}: the stream, or 429 when the session or the account has as many as allowed. */
    void open(Context ctx, DashboardSession session) throws Exception {
        // Only an EventSource asks for a stream (Javalin's SseHandler answers nothing else): no place taken for others.
        if (!String.valueOf(ctx.header("Accept")).contains("text/event-stream")) {
            throw Problem.of(ErrorCode.BAD_REQUEST, "This is a stream of Server-Sent Events: ask with Accept: text/event-stream");
        }
        Stream stream = admit(session);
        if (stream == null) {
            throw Problem.of(ErrorCode.RATE_LIMITED, "This shop has as many live dashboard pages open as Till allows;"
                    + " close one, or reload without live updates");
        }
        new SseHandler(client -> {
            stream.client = client;
            client.onClose(() -> remove(stream));
            client.sendComment("connected");
            client.keepAlive();
        }).handle(ctx);
    }

    /** Takes a place under the caps, atomically per account. */
    private Stream admit(DashboardSession session) {
        Stream[] admitted = new Stream[1];
        streams.compute(session.accountId(), (account, open) -> {
            Set<Stream> set = open == null ? ConcurrentHashMap.newKeySet() : open;
            long ofSession = set.stream().filter(s -> s.sessionId.equals(session.id())).count();
            if (set.size() < PER_ACCOUNT && ofSession < PER_SESSION) {
                admitted[0] = new Stream(session.accountId(), session.id(), session.expiresAt());
                set.add(admitted[0]);
            }
            return set.isEmpty() ? null : set;
        });
        return admitted[0];
    }

    private void remove(Stream stream) {
        streams.computeIfPresent(stream.accountId, (account, set) -> {
            set.remove(stream);
            return set.isEmpty() ? null : set;
        });
    }

    /** One round of the writer: each changed account's event, then (now and then) the heartbeat and the expiries. */
    private void round() {
        for (String accountId : changed.keySet()) {
            Long seq = changed.remove(accountId);
            Set<Stream> open = streams.get(accountId);
            if (seq == null || open == null) {
                continue;
            }
            String event = "{\"id\":" + seq + ",\"balanceMsat\":" + money.balance(accountId) + "}";
            open.forEach(stream -> stream.send("transaction", event));
        }
        Instant now = clock.instant();
        if (now.isAfter(nextHeartbeat)) {
            nextHeartbeat = now.plus(HEARTBEAT);
            streams.values().forEach(open -> open.forEach(stream -> {
                if (stream.expiresAt.isBefore(now)) {
                    stream.end();
                } else {
                    stream.heartbeat();
                }
            }));
        }
    }

    /** How many streams are open: for tests. */
    int open() {
        return streams.values().stream().mapToInt(Set::size).sum();
    }

    /** Stops writing; the streams themselves end with the HTTP server, which stops first. */
    @Override
    public void close() {
        writer.close();
        streams.clear();
    }

    private static final class Stream {
        final String accountId;
        final String sessionId;
        final Instant expiresAt;
        /** Set once the response has become a stream; null until then (a round passes it by). */
        volatile SseClient client;

        Stream(String accountId, String sessionId, Instant expiresAt) {
            this.accountId = accountId;
            this.sessionId = sessionId;
            this.expiresAt = expiresAt;
        }

        void send(String event, String data) {
            SseClient c = client;
            if (c != null) {
                c.sendEvent(event, data);
            }
        }

        void heartbeat() {
            SseClient c = client;
            if (c != null) {
                c.sendComment("still here");
            }
        }

        void end() {
            SseClient c = client;
            if (c != null) {
                c.close();
            }
        }
    }
}
