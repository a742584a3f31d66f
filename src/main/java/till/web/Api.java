package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.dashboard.operator.OversizedInvoices;
import till.error.ErrorCode;
import till.error.Problem;
import till.json.Json;
import till.lnurl.LnurlLinks;
import till.lnurl.LnurlPay;
import till.node.NodeRpcException;
import till.node.NodeUnreachableException;
import till.page.PageRoutes;

/**
 * Every route of the HTTP API in one table ({@link #routes}), grouped by who may call it ({@link Access}); the
 * handlers, thin, live in one class per feature. {@link #start} listens, {@link #close} stops.
 */
public final class Api implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Api.class);
    static final long MAX_BODY_BYTES = 64 * 1024;

    private final ObjectMapper mapper = Json.mapper();
    private final ApiServices services;
    private final Auth auth;
    private final InvoiceSockets sockets;
    private final ConnectionGuard connectionGuard;
    private final AtomicReference<Server> jetty = new AtomicReference<>();
    private final Javalin app;

    /** {@code moreRoutes}: the routes of another front-end on the same server (the dashboard's, wired by Till). */
    public Api(ApiServices services, ApiServices.Settings settings, Consumer<RoutesConfig> moreRoutes) {
        this.services = services;
        this.auth = new Auth(services.adminKey(), services.accounts());
        this.connectionGuard = new ConnectionGuard(settings.httpIdleTimeout());
        this.sockets = new InvoiceSockets(services.invoices(), mapper, settings.publicUrl(), settings.limits(),
                settings.socketCaps(), services.rates(), settings.clock());
        services.invoices().events().addListener(sockets);
        this.app = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            // Virtual threads exist from Java 21; on 17 Javalin keeps its thread pool.
            cfg.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
            cfg.startup.showJavalinBanner = false;
            // Invoice sockets wait up to 15 minutes (with pings); plain HTTP gets the short timeout of ConnectionGuard.
            cfg.jetty.modifyWebSocketServletFactory(factory -> factory.setIdleTimeout(Duration.ofMinutes(20)));
            cfg.jetty.modifyServletContextHandler(handler -> {
                handler.addFilter(new BodySizeLimit(MAX_BODY_BYTES), "/*", EnumSet.of(DispatcherType.REQUEST));
                handler.addFilter(new FirstUpgradeAlone(), "/*", EnumSet.of(DispatcherType.REQUEST));
            });
            cfg.jetty.modifyServer(server -> {
                jetty.set(server);
                server.setErrorHandler(new JsonErrorHandler());
            });
            routes(cfg.routes, settings);
            moreRoutes.accept(cfg.routes);
            errors(cfg.routes);
        });
    }

    /**
     * The route table: every route, under who may call it. Within a method, Javalin takes the first route that
     * matches, so the literal paths ({@code /invoice/from-hash/...}) come before the public {@code /invoice/{hash}/...}.
     */
    private void routes(RoutesConfig r, ApiServices.Settings settings) {
        var invoices = new InvoiceRoutes(services.invoices(), services.charges(), services.webhooks(), settings.limits(), mapper, settings.publicUrl(),
                services.rates());
        var links = new LnurlLinks(settings.publicUrl());
        var accounts = new AccountRoutes(services.accounts(), services.invoices().issuer(), services.rates(), mapper, links);
        var charges = new ChargeRoutes(services.charges(), services.refunds(), settings.limits(), mapper,
                settings.publicUrl());
        var wooCommerce = new WooCommerceRoutes(charges, mapper);
        var refunds = new RefundRoutes(services.refunds(), services.charges(), mapper);
        var checkoutRefunds = new CheckoutRefunds(services.invoices().invoices(), services.charges(), services.refunds(),
                settings.limits());
        var fiat = new OpenNodeRates(services.rates());
        var once = new OncePerKey(services.payments(), services.idempotencyKeys(), mapper);
        var paying = new PaymentRoutes(services.payments(), once, mapper);
        var withdrawals = new WithdrawalRoutes(services.payments(), services.withdrawalCallbacks(), once, mapper);
        var openNodeAccount = new OpenNodeAccountRoutes(services.accounts());
        var operator = new OperatorRoutes(services.invoices(), services.database(),
                new Health(services.node(), services.database(), services.watcher(), services.onchain(), services.lease(),
                        services.simulator() != null, services.rates(), new OversizedInvoices(services.database().jdbi(), settings.clock())),
                auth, services.metrics(), services.simulator(), mapper, settings.version());
        RouteTable table = new RouteTable(r, auth);

        table.group(Access.ADMIN, admin -> admin
                .post("/accounts", accounts::create)
                .get("/accounts", accounts::list)
                .post("/admin/backup", operator::backup)
                .get("/admin/unmatched-payments", operator::unmatchedPayments));
        table.group(Access.ACCOUNT, account -> account
                .get("/accounts/{id}", accounts::get)
                .post("/accounts/{id}/bpts", accounts::createBpt)
                .get("/accounts/{id}/bpts", accounts::listBpts)
                .patch("/accounts/{id}/bpts/{bptId}", accounts::updateBpt)
                .post("/accounts/{id}/keys", accounts::createKey)
                .get("/accounts/{id}/keys", accounts::listKeys)
                .delete("/accounts/{id}/keys/{keyId}", accounts::revokeKey));
        table.group(Access.FULL, full -> full
                .post("/transaction/{id}/webhooks/redeliver", invoices::redeliver)
                .post("/invoice/pay", paying::pay) // and the key's account must be the body's accountId
                .post("/invoice/decode", paying::decode)
                .get("/payment/{paymentHash}", paying::get)
                .get("/v1/account/balance", openNodeAccount::balance) // OpenNode's: an account's key
                .post("/v2/withdrawals", withdrawals::create)
                .get("/v1/withdrawal/{id}", withdrawals::get)
                .get("/v1/withdrawals", withdrawals::list));
        table.group(Access.RECEIVE, receive -> receive
                .get("/transaction/{id}", invoices::byId)
                .get("/transaction/{id}/webhooks", invoices::webhooks)
                .get("/invoice/from-hash/{invoiceHash}", invoices::byHash)
                .get("/invoice/from-bolt11/{bolt11}", invoices::byBolt11)
                .get("/transactions", invoices::list)
                .post("/v1/charges", charges::create) // an account's key: the admin has no charges
                .get("/v1/charge/{id}", charges::get)
                .get("/v2/charge/{id}", charges::getV2)
                .get("/v1/charges", charges::list)
                .post("/orders", wooCommerce::create) // OpenNode's WooCommerce plugin: charges under its own paths
                .get("/checkouts/status/{id}", wooCommerce::status)
                .post("/v1/refunds", refunds::create)
                .get("/v1/refunds", refunds::list)
                .get("/v1/refund/{id}", refunds::get)
                .get("/v1/rates", fiat::rates)
                .get("/v1/currencies", fiat::currencies)
                .get("/v1/auth/test", openNodeAccount::authTest));
        table.group(Access.TERMINAL, terminal -> terminal
                .post("/invoice/add", invoices::create)
                .ws("/invoice/add", ws -> {
                    ws.onConnect(sockets::openInvoice);
                    ws.onClose(sockets::closed);
                }));
        table.group(Access.PUBLIC, open -> {
            open.get("/invoice/{invoiceHash}/status", invoices::status)
                    .ws("/invoice/{invoiceHash}/ws", ws -> {
                        ws.onConnect(sockets::openStatus);
                        ws.onClose(sockets::closed);
                    })
                    .get("/version", operator::version)
                    .get("/health", operator::health)
                    .get("/metrics", operator::metrics)
                    .get("/openapi.json", operator::openApi)
                    .post("/checkout/{invoiceHash}/refund", checkoutRefunds::refund);
            if (services.simulator() != null) {
                open.post("/simulator/pay/{invoiceHash}", operator::simulatePayment);
                SimulatedChainRoutes chain = new SimulatedChainRoutes(services.simulator().chain(), mapper);
                open.post("/simulator/onchain/send", chain::send)
                        .post("/simulator/onchain/bump/{txid}", chain::bump)
                        .post("/simulator/onchain/mine", chain::mine)
                        .post("/simulator/onchain/reorg", chain::reorg);
            }
        });
        // The payer's pages, their QR codes and assets: public, HTML (see PageRoutes for its routes);
        // the checkout's refund form posts to a public route above, which answers like the API.
        new LnurlRoutes(new LnurlPay(services.accounts(), services.invoices().issuer(), services.node(), links, mapper),
                links, settings.limits()).register(r);
        var checkoutCharges = new CheckoutCharges(services.charges(), services.refunds());
        new PageRoutes(services.invoices().invoices(), services.accounts(), services.simulator() != null,
                checkoutCharges::of, checkoutCharges::invoiceOf, services.rates(), links).register(r);
    }

    /** One exception-to-JSON mapper for the whole app: no handler formats errors, and no stack trace leaves. */
    private void errors(RoutesConfig r) {
        r.exception(Problem.class, (e, ctx) -> error(ctx, e));
        r.exception(RateLimited.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            error(ctx, Problem.of(ErrorCode.RATE_LIMITED, e.getMessage()));
        });
        r.exception(NodeUnreachableException.class, (e, ctx) -> {
            log.warn("{} {}: node unreachable: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, Problem.of(ErrorCode.NODE_UNREACHABLE));
        });
        r.exception(NodeRpcException.class, (e, ctx) -> {
            // The node's own words (its labels, its internals) are for the operator's log, not for clients.
            log.warn("{} {}: node refused: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, Problem.of(ErrorCode.NODE_ERROR));
        });
        r.exception(HttpResponseException.class, (e, ctx) ->
                error(ctx, e.getStatus(), ErrorCode.forStatus(e.getStatus()), e.getMessage(), null));
        r.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, Problem.of(ErrorCode.INTERNAL_ERROR));
        });
        r.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, Problem.of(ErrorCode.NOT_FOUND, "No such endpoint: " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    private static void error(Context ctx, Problem problem) {
        error(ctx, problem.status(), problem.error(), problem.getMessage(), problem.field());
    }

    /** {@code status} is the entry's own except for Javalin's refusals, which keep theirs (see {@link ErrorCode#forStatus}). */
    private static void error(Context ctx, int status, ErrorCode error, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (openNodeShaped(ctx.path())) {
            // OpenNode's error shape, for the plugins that speak its API, beside Till's own fields.
            body.put("success", false);
            body.put("message", message);
        }
        body.put("error", message);
        body.put("code", error.code());
        if (field != null) {
            body.put("field", field);
        }
        ctx.status(status).json(body);
    }

    /** OpenNode's API (its /v1 and /v2, and the WooCommerce plugin's routes at the root): errors in its shape too. */
    static boolean openNodeShaped(String path) {
        return path.startsWith("/v1/") || path.startsWith("/v2/") || path.equals("/orders") || path.startsWith("/checkouts/");
    }

    public Api start(String host, int port) {
        app.start(host, port);
        connectionGuard.install(jetty.get());
        sockets.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Stops listening, then closes the sockets' and connections' watchers; each even when one before failed. */
    @Override
    public void close() {
        try (connectionGuard; sockets) {
            app.stop();
        }
    }
}
