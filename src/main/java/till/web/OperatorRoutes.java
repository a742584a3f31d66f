package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import till.account.Caller;
import till.error.ErrorCode;
import till.error.Problem;
import till.invoice.InvoiceCore;
import till.invoice.TransactionJson;
import till.metrics.MetricsEndpoint;
import till.node.sim.SimNode;
import till.store.Database;

/** What the operator and scripts call (declared in {@link Api}): version, health, backup, unmatched payments, simulator. */
final class OperatorRoutes {
    /** The newest unmatched payments listed for the admin; each one is an exception, so this is far more than expected. */
    private static final int MAX_UNMATCHED_LISTED = 1000;

    private final InvoiceCore invoices;
    private final Database database;
    private final Health health;
    private final Auth auth;
    private final MetricsEndpoint metrics;
    private final SimNode simulator;
    private final ObjectMapper mapper;
    private final Map<String, String> version;
    private final byte[] openApi = OpenApiDocument.load();

    OperatorRoutes(InvoiceCore invoices, Database database, Health health, Auth auth, MetricsEndpoint metrics,
                   SimNode simulator, ObjectMapper mapper, String version) {
        this.invoices = invoices;
        this.database = database;
        this.health = health;
        this.auth = auth;
        this.metrics = metrics;
        this.simulator = simulator;
        this.mapper = mapper;
        this.version = Map.of("name", "Till", "version", version);
    }

    /** No node, no database: the HTTP stack's own ceiling. */
    void version(Context ctx, Caller none) {
        ctx.json(version);
    }

    /** Public; the admin key or the metrics key only adds details, so it is read here and never refused. */
    void health(Context ctx, Caller none) {
        Health.Report report = health.check(auth.isAdmin(ctx) || metrics.hasKey(ctx));
        ctx.status(report.healthy() ? 200 : 503).json(report.body());
    }

    /** Open, or behind TILL_METRICS_KEY, which {@link MetricsEndpoint} checks: Prometheus has no API key. */
    void metrics(Context ctx, Caller none) {
        metrics.handle(ctx);
    }

    void openApi(Context ctx, Caller none) {
        ctx.contentType("application/json").result(openApi);
    }

    /**
     * An online backup of the database, streamed as a zip holding invoices.mv.db; the temporary file goes when sent.
     * A PostgreSQL database is backed up with pg_dump, which the answer says.
     */
    void backup(Context ctx, Caller admin) throws IOException {
        if (database.kind() != Database.Kind.H2) {
            throw Problem.of(ErrorCode.BACKUP_WITH_PG_DUMP);
        }
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

    void unmatchedPayments(Context ctx, Caller admin) {
        ctx.json(invoices.unmatched().newest(MAX_UNMATCHED_LISTED));
    }

    /**
     * Plays the payer on the simulated node, then waits (up to 5 s) until Till has recorded the payment, so
     * that a script's next request already sees it paid.
     */
    void simulatePayment(Context ctx, Caller none) throws Exception {
        Long amount = ctx.body().isBlank() ? null
                : JsonBody.parse(mapper, ctx.body()).optionalLong("amountMsat", 1, InvoiceRequests.MAX_AMOUNT_MSAT);
        String hash = ctx.pathParam("invoiceHash");
        invoices.invoices().findByHash(hash).orElseThrow(InvoiceRoutes::notFound);
        try {
            simulator.pay(hash, amount);
        } catch (NoSuchElementException e) {
            throw InvoiceRoutes.notFound();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw Problem.detailed(ErrorCode.CANNOT_PAY, null, e.getMessage());
        }
        try {
            ctx.json(TransactionJson.of(invoices.events().whenPaid(hash).get(5, TimeUnit.SECONDS)));
        } catch (TimeoutException e) {
            ctx.status(202).json(Map.of("invoiceHash", hash, "status", "paid on the node; Till has not recorded it yet"));
        }
    }
}
