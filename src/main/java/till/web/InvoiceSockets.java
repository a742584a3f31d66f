package till.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.error.ErrorCode;
import till.error.Problem;
import till.fiat.Rates;
import till.invoice.InvoiceCore;
import till.invoice.InvoiceEvents;
import till.invoice.PaymentWatcher;
import till.invoice.InvoiceStatus;
import till.invoice.NewInvoice;
import till.invoice.Invoice;
import till.invoice.TransactionJson;
import till.node.NodeException;
import till.node.NodeUnreachableException;
import till.task.RepeatingTask;

/**
 * The two invoice WebSockets: {@code /invoice/add} (first message the invoice, second the paid or expired
 * transaction, then close 1000) and the public {@code /invoice/{hash}/ws} (the status now and on every change).
 * Each socket holds a place under the {@link SocketCaps} while open, and none outlives its invoice: once a payment
 * can no longer arrive (the late-payment window after expiry has passed) the socket is closed.
 */
final class InvoiceSockets implements InvoiceEvents.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InvoiceSockets.class);
    static final int CLOSE_NORMAL = 1000;
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_SERVER_ERROR = 1011;
    /** RFC 6455's "Try Again Later": a cap on open sockets is full. */
    static final int CLOSE_TRY_AGAIN_LATER = 1013;
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
    private static final String PERMIT = "socketPermit";

    private final InvoiceCore invoices;
    private final ObjectMapper mapper;
    private final Supplier<String> publicUrl;
    private final CreationLimits limits;
    private final SocketLimits sockets;
    private final Rates rates;
    private final Clock clock;
    private final RepeatingTask sweeper;
    /** invoice hash -> session id -> subscriber */
    private final Map<String, Map<String, Subscriber>> byHash = new ConcurrentHashMap<>();

    InvoiceSockets(InvoiceCore invoices, ObjectMapper mapper, Supplier<String> publicUrl, CreationLimits limits,
                   SocketCaps caps, Rates rates, Clock clock) {
        this.invoices = invoices;
        this.limits = limits;
        this.mapper = mapper;
        this.publicUrl = publicUrl;
        this.sockets = new SocketLimits(caps);
        this.rates = rates;
        this.clock = clock;
        this.sweeper = new RepeatingTask("socket-sweeper", SWEEP_EVERY, this::closeOutlived);
    }

    void start() {
        sweeper.start(SWEEP_EVERY);
    }

    /** {@code /invoice/add?bpt_id=&amount_msat=...}: creates the invoice, then waits for its outcome. */
    void openInvoice(WsConnectContext ctx) {
        keepAlive(ctx);
        if (!admitted(ctx, null)) {
            return;
        }
        Invoice created;
        try {
            NewInvoice request = InvoiceRequests.read(new QueryFields(ctx::queryParam), rates);
            limits.terminal(clientAddress(ctx), request.bptId());
            created = invoices.issuer().create(request);
        } catch (Problem problem) {
            fail(ctx, CLOSE_POLICY, problem);
            return;
        } catch (RateLimited limited) {
            fail(ctx, CLOSE_POLICY, Problem.of(ErrorCode.RATE_LIMITED, limited.getMessage()));
            return;
        } catch (NodeException e) {
            log.warn("Invoice WebSocket: node error: {}", e.getMessage());
            fail(ctx, CLOSE_SERVER_ERROR, Problem.of(e instanceof NodeUnreachableException ? ErrorCode.NODE_UNREACHABLE
                    : ErrorCode.NODE_ERROR, "The Lightning node could not create the invoice; try again shortly"));
            return;
        }
        send(ctx, Views.invoice(created, publicUrl.get()));
        subscribe(created.invoiceHash(), new Subscriber(ctx, true, closeAt(created)));
    }

    /** {@code /invoice/{hash}/ws}: public, sends the status object now and on every change. */
    void openStatus(WsConnectContext ctx) {
        keepAlive(ctx);
        String hash = ctx.pathParam("invoiceHash");
        if (!admitted(ctx, hash)) {
            return;
        }
        Optional<Invoice> invoice = invoices.invoices().findByHash(hash);
        if (invoice.isEmpty()) {
            fail(ctx, CLOSE_POLICY, Problem.of(ErrorCode.INVOICE_NOT_FOUND));
            return;
        }
        subscribe(hash, new Subscriber(ctx, false, closeAt(invoice.get())));
    }

    /** Takes a place under the caps before any work is done, or refuses with 1013; the place is freed on close. */
    private boolean admitted(WsConnectContext ctx, String invoiceHash) {
        try {
            ctx.attribute(PERMIT, sockets.open(clientAddress(ctx), invoiceHash));
            return true;
        } catch (SocketLimits.Refused refused) {
            fail(ctx, CLOSE_TRY_AGAIN_LATER, Problem.of(ErrorCode.TOO_MANY_SOCKETS, refused.getMessage()));
            return false;
        }
    }

    void closed(WsContext ctx) {
        SocketLimits.Permit permit = ctx.attribute(PERMIT);
        if (permit != null) {
            permit.close();
        }
        String hash = ctx.attribute("invoiceHash");
        if (hash != null) {
            byHash.computeIfPresent(hash, (h, subscribers) -> {
                subscribers.remove(ctx.sessionId());
                return subscribers.isEmpty() ? null : subscribers;
            });
        }
    }

    @Override
    public void invoiceChanged(Invoice transaction) {
        Map<String, Subscriber> subscribers = byHash.get(transaction.invoiceHash());
        if (subscribers != null) {
            subscribers.values().forEach(subscriber -> subscriber.deliver(transaction));
        }
    }

    /** The invoices of the open sockets: read again after other processes' changes may have been missed. */
    @Override
    public Collection<String> awaited() {
        return byHash.keySet();
    }

    /** Closes the sockets whose invoice can no longer be paid; each one's close frees its place. */
    private void closeOutlived() {
        Instant now = clock.instant();
        byHash.values().forEach(subscribers -> subscribers.values().stream()
                .filter(subscriber -> subscriber.closeAt.isBefore(now))
                .forEach(subscriber -> subscriber.ctx.closeSession(CLOSE_NORMAL, "expired")));
    }

    /**
     * Registers first, then reads the current state: a change committed in between is then seen by one or
     * both, and the subscriber's own guard keeps the answer single.
     */
    private void subscribe(String hash, Subscriber subscriber) {
        subscriber.ctx.attribute("invoiceHash", hash);
        byHash.computeIfAbsent(hash, h -> new ConcurrentHashMap<>()).put(subscriber.ctx.sessionId(), subscriber);
        Optional<Invoice> now = invoices.invoices().findByHash(hash);
        now.ifPresent(transaction -> {
            if (!subscriber.untilFinal || transaction.isFinal()) {
                subscriber.deliver(transaction);
            }
        });
    }

    /** When a payment can no longer arrive for this invoice, so its sockets have nothing left to wait for. */
    private static Instant closeAt(Invoice invoice) {
        return invoice.expiresAt().plus(PaymentWatcher.LATE_PAYMENT_WINDOW);
    }

    /** The connecting address, as {@code ctx.ip()} gives it for plain HTTP. */
    private static String clientAddress(WsContext ctx) {
        SocketAddress remote = ctx.session.getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }

    private static void keepAlive(WsContext ctx) {
        // Proxies and Jetty drop idle sockets; an invoice socket may wait 15 minutes.
        ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
    }

    private void fail(WsContext ctx, int closeCode, Problem problem) {
        send(ctx, Map.of("error", problem.getMessage(), "code", problem.code()));
        ctx.closeSession(closeCode, problem.code());
    }

    private void send(WsContext ctx, Object message) {
        try {
            ctx.send(mapper.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Subscriber {
        private final WsContext ctx;
        private final boolean untilFinal;
        private final Instant closeAt;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile InvoiceStatus lastSent;

        Subscriber(WsContext ctx, boolean untilFinal, Instant closeAt) {
            this.ctx = ctx;
            this.untilFinal = untilFinal;
            this.closeAt = closeAt;
        }

        void deliver(Invoice transaction) {
            if (untilFinal) {
                if (transaction.isFinal() && done.compareAndSet(false, true)) {
                    send(ctx, TransactionJson.of(transaction));
                    ctx.closeSession(CLOSE_NORMAL, transaction.status().name());
                }
                return;
            }
            synchronized (this) {
                if (transaction.status() == lastSent) {
                    return;
                }
                lastSent = transaction.status();
                send(ctx, Views.status(transaction));
                if (transaction.isPaid()) {
                    ctx.closeSession(CLOSE_NORMAL, "paid");
                }
            }
        }
    }

    @Override
    public void close() {
        sweeper.close();
    }
}
