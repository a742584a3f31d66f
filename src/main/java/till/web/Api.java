package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.Version;
import till.account.AccountService;
import till.account.AdminKey;
import till.account.Caller;
import till.bolt11.Bolt11;
import till.json.Json;
import till.metrics.MetricsEndpoint;
import till.bolt11.Bolt11Exception;
import till.charge.ChargeService;
import till.charge.ChargeView;
import till.charge.NewCharge;
import till.error.Problem;
import till.invoice.InvoiceService;
import till.invoice.InvoiceStatus;
import till.invoice.NewInvoice;
import till.invoice.PaymentWatcher;
import till.invoice.Transaction;
import till.invoice.TransactionJson;
import till.invoice.TransactionQuery;
import till.node.LightningNode;
import till.node.NodeRpcException;
import till.node.NodeUnreachableException;
import till.node.sim.SimNode;
import till.page.PageRoutes;
import till.payment.IdempotencyKeys;
import till.payment.PaymentService;
import till.store.Database;
import till.webhook.WebhookLog;

/** Every route of the HTTP API in one place, reading like the tables in API.md. Handlers stay thin. */
public final class Api {
    private static final Logger log = LoggerFactory.getLogger(Api.class);
    static final long MAX_BODY_BYTES = 64 * 1024;
    /** The newest unmatched payments listed for the admin; each one is an exception, so this is far more than expected. */
    private static final int MAX_UNMATCHED_LISTED = 1000;
    /** What clients are told when the node refuses a request, whatever it said. */
    private static final String NODE_REFUSED = "The Lightning node refused the request";

    private final AccountService accounts;
    private final InvoiceService invoices;
    private final WebhookLog webhooks;
    private final ChargeService charges;
    private final Auth auth;
    private final Health health;
    private final SimNode simulator;
    private final MetricsEndpoint metrics;
    private final Database database;
    private final ObjectMapper mapper = Json.mapper();
    private final InvoiceSockets sockets;
    private final PaymentHandlers paying;
    private final KeyHandlers keys;
    private final Map<String, String> version = Map.of("name", "Till", "version", Version.current());
    private final CreationLimits limits;
    private final ConnectionGuard connectionGuard;
    private final AtomicReference<Server> jetty = new AtomicReference<>();
    private final Javalin app;

    /** {@code simulator} is the embedded simulated node, or null with a real node. */
    public Api(AccountService accounts, InvoiceService invoices, WebhookLog webhooks, ChargeService charges,
               AdminKey adminKey, LightningNode node, Database database, PaymentWatcher watcher, SimNode simulator,
               Supplier<String> publicUrl, PaymentService payments, IdempotencyKeys idempotencyKeys,
               MetricsEndpoint metrics, CreationLimits limits, Duration httpIdleTimeout, SocketCaps socketCaps,
               Clock clock) {
        this.accounts = accounts;
        this.invoices = invoices;
        this.webhooks = webhooks;
        this.charges = charges;
        this.auth = new Auth(adminKey, accounts);
        this.health = new Health(node, database, watcher, simulator != null);
        this.simulator = simulator;
        this.metrics = metrics;
        this.database = database;
        this.limits = limits;
        this.connectionGuard = new ConnectionGuard(httpIdleTimeout);
        this.sockets = new InvoiceSockets(invoices, mapper, publicUrl, limits, socketCaps, clock);
        this.paying = new PaymentHandlers(payments, idempotencyKeys, auth, mapper);
        this.keys = new KeyHandlers(accounts, auth, mapper);
        invoices.addListener(sockets);
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
            routes(cfg.routes, publicUrl);
            errors(cfg.routes);
        });
    }

    private void routes(RoutesConfig r, Supplier<String> publicUrl) {
        r.post("/accounts", this::createAccount);
        r.get("/accounts", ctx -> {
            auth.admin(ctx);
            ctx.json(accounts.listAccounts());
        });
        r.get("/accounts/{id}", this::getAccount);
        r.post("/accounts/{id}/bpts", this::createBpt);
        r.get("/accounts/{id}/bpts", this::listBpts);
        r.post("/accounts/{id}/keys", keys::create);
        r.get("/accounts/{id}/keys", keys::list);
        r.delete("/accounts/{id}/keys/{keyId}", keys::revoke);

        r.post("/invoice/add", ctx -> {
            NewInvoice request = InvoiceRequests.read(body(ctx));
            limits.terminal(ctx.ip(), request.bptId());
            Transaction created = invoices.create(request);
            ctx.status(201).json(Views.invoice(created, publicUrl.get()));
        });
        r.ws("/invoice/add", ws -> {
            ws.onConnect(sockets::openInvoice);
            ws.onClose(sockets::closed);
        });
        // Receive keys read invoices and their webhook log, but do not redeliver: that sends traffic, they only read.
        r.get("/transaction/{id}", ctx -> ctx.json(TransactionJson.of(visible(auth.receiving(ctx), invoices.findById(ctx.pathParam("id"))))));
        r.get("/transaction/{id}/webhooks", ctx -> {
            Transaction transaction = visible(auth.receiving(ctx), invoices.findById(ctx.pathParam("id")));
            ctx.json(Map.of("data", webhooks.forTransaction(transaction.id())));
        });
        r.post("/transaction/{id}/webhooks/redeliver", ctx -> {
            Transaction transaction = visible(auth.caller(ctx), invoices.findById(ctx.pathParam("id")));
            limits.redelivery(transaction.accountId());
            int queued = webhooks.redeliver(transaction.id());
            if (queued == 0) {
                throw new Problem(409, "no_webhook", "This transaction has sent no webhook: it has no webhookUrl or is not paid", null);
            }
            ctx.status(202).json(Map.of("queued", queued));
        });
        r.get("/invoice/from-hash/{invoiceHash}", ctx ->
                ctx.json(TransactionJson.of(visible(auth.receiving(ctx), invoices.findByHash(ctx.pathParam("invoiceHash"))))));
        r.get("/invoice/from-bolt11/{bolt11}", this::fromBolt11);
        r.get("/transactions", this::listTransactions);

        r.get("/invoice/{invoiceHash}/status", ctx -> ctx.json(Views.status(invoices.findByHash(ctx.pathParam("invoiceHash"))
                .orElseThrow(Api::invoiceNotFound))));
        r.ws("/invoice/{invoiceHash}/ws", ws -> {
            ws.onConnect(sockets::openStatus);
            ws.onClose(sockets::closed);
        });

        r.post("/invoice/pay", paying::pay);
        r.post("/invoice/decode", paying::decode);
        r.get("/payment/{paymentHash}", paying::get);

        r.post("/v1/charges", ctx -> {
            String accountId = auth.receivingAccount(ctx, "Charges belong to an account: use its API key");
            NewCharge request = ChargeRequests.read(body(ctx));
            limits.account(ctx.ip(), accountId);
            ChargeView charge = charges.create(accountId, auth.key(ctx), request);
            ctx.status(201).json(Map.of("data", ChargeJson.of(charge, publicUrl.get())));
        });
        r.get("/v1/charge/{id}", ctx -> {
            Caller caller = auth.receiving(ctx);
            ChargeView charge = charges.find(ctx.pathParam("id")).filter(c -> caller.mayUse(c.charge().accountId()))
                    .orElseThrow(() -> Problem.notFound("not_found", "No such charge"));
            ctx.json(Map.of("data", ChargeJson.of(charge, publicUrl.get())));
        });
        r.get("/v1/charges", ctx -> {
            String accountId = auth.receivingAccount(ctx, "Charges belong to an account: use its API key");
            ctx.json(Map.of("data", charges.list(accountId, 500).stream().map(c -> ChargeJson.of(c, publicUrl.get())).toList()));
        });

        new PageRoutes(invoices, accounts, simulator != null, t -> charges.successUrlForInvoice(t.id())).register(r);
        r.get("/version", ctx -> ctx.json(version)); // no node, no database: the HTTP stack's own ceiling
        r.get("/health", ctx -> {
            Health.Report report = health.check(auth.isAdmin(ctx) || metrics.hasKey(ctx));
            ctx.status(report.healthy() ? 200 : 503).json(report.body());
        });
        r.get("/metrics", metrics::handle);
        r.post("/admin/backup", this::backup);
        r.get("/admin/unmatched-payments", ctx -> {
            auth.admin(ctx);
            ctx.json(invoices.unmatchedPayments().newest(MAX_UNMATCHED_LISTED));
        });
        byte[] openApi = OpenApiDocument.load();
        r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        if (simulator != null) {
            r.post("/simulator/pay/{invoiceHash}", this::simulatePayment);
        }
    }

    /** An online backup of the database, streamed as a zip holding invoices.mv.db; the temporary file goes when sent. */
    private void backup(Context ctx) throws IOException {
        auth.admin(ctx);
        Path zip = Files.createTempFile("till-backup-", ".zip");
        try {
            database.backupTo(zip);
        } catch (RuntimeException e) {
            Files.deleteIfExists(zip);
            throw e;
        }
        ctx.contentType("application/zip").header("Content-Disposition", "attachment; filename=\"till-backup.zip\"")
                .result(Files.newInputStream(zip, StandardOpenOption.DELETE_ON_CLOSE));
    }

    private void createAccount(Context ctx) {
        auth.admin(ctx);
        Fields body = body(ctx);
        String name = body.requiredString("name", 100);
        Long feePpm = body.optionalLong("feePpm", 0, 1_000_000);
        ctx.status(201).json(accounts.createAccount(name, feePpm == null ? null : feePpm.intValue()));
    }

    private void getAccount(Context ctx) {
        String id = ctx.pathParam("id");
        auth.forAccount(ctx, id);
        ctx.json(accounts.findAccount(id).orElseThrow(Api::accountNotFound));
    }

    private void createBpt(Context ctx) {
        String id = ctx.pathParam("id");
        auth.forAccount(ctx, id);
        Fields body = body(ctx);
        String name = body.requiredString("name", 100);
        Long split = body.optionalLong("splitBitcoinPercentage", 0, 100);
        accounts.findAccount(id).orElseThrow(Api::accountNotFound);
        ctx.status(201).json(accounts.createBpt(id, name, split == null ? 100 : split.intValue()));
    }

    private void listBpts(Context ctx) {
        String id = ctx.pathParam("id");
        auth.forAccount(ctx, id);
        accounts.findAccount(id).orElseThrow(Api::accountNotFound);
        ctx.json(accounts.listBpts(id));
    }

    private void fromBolt11(Context ctx) {
        String bolt11 = ctx.pathParam("bolt11").trim().toLowerCase();
        String hash;
        try {
            hash = Bolt11.decode(bolt11).paymentHash();
        } catch (Bolt11Exception e) {
            throw Problem.badRequest("bolt11_invalid", "bolt11", "Not a valid bolt11 invoice: " + e.getMessage());
        }
        Transaction transaction = visible(auth.receiving(ctx), invoices.findByHash(hash));
        if (!transaction.bolt11().equals(bolt11)) {
            throw invoiceNotFound();
        }
        ctx.json(TransactionJson.of(transaction));
    }

    private void listTransactions(Context ctx) {
        Caller caller = auth.receiving(ctx);
        QueryFields query = new QueryFields(ctx::queryParam);
        String status = query.optionalString("status", 10);
        InvoiceStatus wanted = null;
        if (status != null) {
            try {
                wanted = InvoiceStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("invalid_field", "status", "status must be unpaid, paid or expired");
            }
        }
        Long limit = query.optionalLong("limit", 1, 500);
        Long after = query.optionalLong("after", 1, Long.MAX_VALUE);
        String accountId = caller instanceof Caller.OfAccount own ? own.accountId() : null;
        var page = invoices.list(new TransactionQuery(accountId, query.optionalString("bptId", 100), wanted,
                limit == null ? 50 : limit.intValue(), after));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", page.data().stream().map(TransactionJson::of).toList());
        result.put("next", page.next());
        ctx.json(result);
    }

    /**
     * Plays the payer on the simulated node, then waits (up to 5 s) until Till has recorded the payment, so
     * that a script's next request already sees it paid.
     */
    private void simulatePayment(Context ctx) throws Exception {
        Long amount = ctx.body().isBlank() ? null : body(ctx).optionalLong("amountMsat", 1, InvoiceRequests.MAX_AMOUNT_MSAT);
        String hash = ctx.pathParam("invoiceHash");
        invoices.findByHash(hash).orElseThrow(Api::invoiceNotFound);
        try {
            simulator.pay(hash, amount);
        } catch (NoSuchElementException e) {
            throw invoiceNotFound();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new Problem(409, "cannot_pay", "The simulated payer cannot pay this invoice: " + e.getMessage(), null);
        }
        try {
            ctx.json(TransactionJson.of(invoices.whenPaid(hash).get(5, TimeUnit.SECONDS)));
        } catch (TimeoutException e) {
            ctx.status(202).json(Map.of("invoiceHash", hash, "status", "paid on the node; Till has not recorded it yet"));
        }
    }

    /** The transaction, if the caller may see it; another account's transaction looks just like a missing one. */
    private static Transaction visible(Caller caller, Optional<Transaction> transaction) {
        return transaction.filter(t -> caller.mayUse(t.accountId())).orElseThrow(Api::invoiceNotFound);
    }

    private Fields body(Context ctx) {
        return JsonBody.parse(mapper, ctx.body());
    }

    private static Problem invoiceNotFound() {
        return Problem.notFound("not_found", "No such invoice or transaction");
    }

    static Problem accountNotFound() {
        return Problem.notFound("account_not_found", "No such account");
    }

    /** One exception-to-JSON mapper for the whole app: no handler formats errors, and no stack trace leaves. */
    private void errors(RoutesConfig r) {
        r.exception(Problem.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(), e.field()));
        r.exception(RateLimited.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            error(ctx, 429, RateLimited.CODE, e.getMessage(), null);
        });
        r.exception(NodeUnreachableException.class, (e, ctx) -> {
            log.warn("{} {}: node unreachable: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 503, "node_unreachable", "The Lightning node cannot be reached; try again shortly", null);
        });
        r.exception(NodeRpcException.class, (e, ctx) -> {
            // The node's own words (its labels, its internals) are for the operator's log, not for clients.
            log.warn("{} {}: node refused: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 502, "node_error", NODE_REFUSED, null);
        });
        r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage(), null));
        r.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal_error", "Something went wrong inside Till; it has been logged", null);
        });
        r.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, "not_found", "No such endpoint: " + ctx.method() + " " + ctx.path(), null);
            }
        });
    }

    static String codeFor(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "body_too_large";
            case 429 -> RateLimited.CODE;
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            default -> status < 500 ? "bad_request" : "internal_error";
        };
    }

    private static void error(Context ctx, int status, String code, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (ctx.path().startsWith("/v1/")) {
            // OpenNode's error shape, for the plugins that speak its API, beside Till's own fields.
            body.put("success", false);
            body.put("message", message);
        }
        body.put("error", message);
        body.put("code", code);
        if (field != null) {
            body.put("field", field);
        }
        ctx.status(status).json(body);
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

    public void stop() {
        sockets.close();
        app.stop();
        connectionGuard.close();
    }
}
