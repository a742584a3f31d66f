package till.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.error.Problem;
import till.invoice.InvoiceListener;
import till.invoice.InvoiceService;
import till.invoice.InvoiceStatus;
import till.invoice.NewInvoice;
import till.invoice.Transaction;
import till.invoice.TransactionJson;
import till.node.NodeException;
import till.node.NodeUnreachableException;

/**
 * The two invoice WebSockets: {@code /invoice/add} (first message the invoice, second the paid or expired
 * transaction, then close 1000) and the public {@code /invoice/{hash}/ws} (the status now and on every change).
 */
final class InvoiceSockets implements InvoiceListener {
    private static final Logger log = LoggerFactory.getLogger(InvoiceSockets.class);
    static final int CLOSE_NORMAL = 1000;
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_SERVER_ERROR = 1011;

    private final InvoiceService invoices;
    private final ObjectMapper mapper;
    private final Supplier<String> publicUrl;
    private final CreationLimits limits;
    /** invoice hash -> session id -> subscriber */
    private final Map<String, Map<String, Subscriber>> byHash = new ConcurrentHashMap<>();

    InvoiceSockets(InvoiceService invoices, ObjectMapper mapper, Supplier<String> publicUrl, CreationLimits limits) {
        this.invoices = invoices;
        this.limits = limits;
        this.mapper = mapper;
        this.publicUrl = publicUrl;
    }

    /** {@code /invoice/add?bpt_id=&amount_msat=...}: creates the invoice, then waits for its outcome. */
    void openInvoice(WsConnectContext ctx) {
        keepAlive(ctx);
        Transaction created;
        try {
            NewInvoice request = InvoiceRequests.read(new QueryFields(ctx::queryParam));
            limits.terminal(clientAddress(ctx), request.bptId());
            created = invoices.create(request);
        } catch (Problem problem) {
            fail(ctx, CLOSE_POLICY, problem.code(), problem.getMessage());
            return;
        } catch (RateLimited limited) {
            fail(ctx, CLOSE_POLICY, RateLimited.CODE, limited.getMessage());
            return;
        } catch (NodeException e) {
            log.warn("Invoice WebSocket: node error: {}", e.getMessage());
            fail(ctx, CLOSE_SERVER_ERROR, e instanceof NodeUnreachableException ? "node_unreachable" : "node_error",
                    "The Lightning node could not create the invoice; try again shortly");
            return;
        }
        send(ctx, Views.invoice(created, publicUrl.get()));
        subscribe(created.invoiceHash(), new Subscriber(ctx, true));
    }

    /** {@code /invoice/{hash}/ws}: public, sends the status object now and on every change. */
    void openStatus(WsConnectContext ctx) {
        keepAlive(ctx);
        String hash = ctx.pathParam("invoiceHash");
        if (invoices.findByHash(hash).isEmpty()) {
            fail(ctx, CLOSE_POLICY, "invoice_not_found", "No invoice has this hash");
            return;
        }
        subscribe(hash, new Subscriber(ctx, false));
    }

    void closed(WsContext ctx) {
        String hash = ctx.attribute("invoiceHash");
        if (hash != null) {
            byHash.computeIfPresent(hash, (h, subscribers) -> {
                subscribers.remove(ctx.sessionId());
                return subscribers.isEmpty() ? null : subscribers;
            });
        }
    }

    @Override
    public void invoiceChanged(Transaction transaction) {
        Map<String, Subscriber> subscribers = byHash.get(transaction.invoiceHash());
        if (subscribers != null) {
            subscribers.values().forEach(subscriber -> subscriber.deliver(transaction));
        }
    }

    /**
     * Registers first, then reads the current state: a change committed in between is then seen by one or
     * both, and the subscriber's own guard keeps the answer single.
     */
    private void subscribe(String hash, Subscriber subscriber) {
        subscriber.ctx.attribute("invoiceHash", hash);
        byHash.computeIfAbsent(hash, h -> new ConcurrentHashMap<>()).put(subscriber.ctx.sessionId(), subscriber);
        Optional<Transaction> now = invoices.findByHash(hash);
        now.ifPresent(transaction -> {
            if (!subscriber.untilFinal || transaction.isFinal()) {
                subscriber.deliver(transaction);
            }
        });
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

    private void fail(WsContext ctx, int closeCode, String code, String message) {
        send(ctx, Map.of("error", message, "code", code));
        ctx.closeSession(closeCode, code);
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
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile InvoiceStatus lastSent;

        Subscriber(WsContext ctx, boolean untilFinal) {
            this.ctx = ctx;
            this.untilFinal = untilFinal;
        }

        void deliver(Transaction transaction) {
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
}
