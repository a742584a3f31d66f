package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import till.account.Caller;
import till.bolt11.Bolt11;
import till.bolt11.Bolt11Exception;
import till.charge.ChargeService;
import till.charge.ChargeView;
import till.error.ErrorCode;
import till.error.Problem;
import till.fiat.Rates;
import till.invoice.InvoiceCore;
import till.invoice.InvoiceStatus;
import till.invoice.NewInvoice;
import till.invoice.Invoice;
import till.invoice.TransactionJson;
import till.invoice.InvoiceQuery;
import till.webhook.WebhookLog;

/** The invoice and transaction handlers (declared in {@link Api}): parse, call the {@link InvoiceCore}, respond. */
final class InvoiceRoutes {
    private final InvoiceCore invoices;
    private final ChargeService charges;
    private final WebhookLog webhooks;
    private final CreationLimits limits;
    private final ObjectMapper mapper;
    private final Supplier<String> publicUrl;
    private final Rates rates;

    InvoiceRoutes(InvoiceCore invoices, ChargeService charges, WebhookLog webhooks, CreationLimits limits, ObjectMapper mapper,
                  Supplier<String> publicUrl, Rates rates) {
        this.invoices = invoices;
        this.charges = charges;
        this.webhooks = webhooks;
        this.limits = limits;
        this.mapper = mapper;
        this.publicUrl = publicUrl;
        this.rates = rates;
    }

    /** {@code POST /invoice/add}: the terminal id in the body is the credential. */
    void create(Context ctx, Caller none) {
        NewInvoice request = InvoiceRequests.read(JsonBody.parse(mapper, ctx.body()), rates);
        limits.terminal(ctx.ip(), request.bptId());
        Invoice created = invoices.issuer().create(request);
        ctx.status(201).json(Views.invoice(created, publicUrl.get()));
    }

    void byId(Context ctx, Caller caller) {
        ctx.json(json(visible(caller, invoices.invoices().findBySeq(TransactionIds.parse(ctx.pathParam("id"))))));
    }

    void byHash(Context ctx, Caller caller) {
        ctx.json(json(visible(caller, invoices.invoices().findByHash(ctx.pathParam("invoiceHash")))));
    }

    void byBolt11(Context ctx, Caller caller) {
        String bolt11 = ctx.pathParam("bolt11").trim().toLowerCase();
        String hash;
        try {
            hash = Bolt11.decode(bolt11).paymentHash();
        } catch (Bolt11Exception e) {
            throw Problem.detailed(ErrorCode.BOLT11_INVALID, "bolt11", e.getMessage());
        }
        Invoice transaction = visible(caller, invoices.invoices().findByHash(hash));
        if (!transaction.bolt11().equals(bolt11)) {
            throw notFound();
        }
        ctx.json(json(transaction));
    }

    /** {@code GET /invoice/{invoiceHash}/status}: public, what a payer's page shows. */
    void status(Context ctx, Caller none) {
        ctx.json(Views.status(invoices.invoices().findByHash(ctx.pathParam("invoiceHash")).orElseThrow(InvoiceRoutes::notFound)));
    }

    void list(Context ctx, Caller caller) {
        QueryFields query = new QueryFields(ctx::queryParam);
        String status = query.optionalString("status", 10);
        InvoiceStatus wanted = null;
        if (status != null) {
            try {
                wanted = InvoiceStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw Problem.at(ErrorCode.INVALID_FIELD, "status",
                        "status must be unpaid, processing, underpaid, paid, expired or refunded");
            }
        }
        Long limit = query.optionalLong("limit", 1, 500);
        Long after = query.optionalLong("after", 1, Long.MAX_VALUE);
        String accountId = caller instanceof Caller.OfAccount own ? own.accountId() : null;
        var page = invoices.invoices().list(new InvoiceQuery(accountId, query.optionalString("bptId", 100), wanted,
                limit == null ? 50 : limit.intValue(), after));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", json(page.data()));
        result.put("next", page.next());
        ctx.json(result);
    }

    /** Receive keys read the webhook log too, but do not redeliver: that sends traffic, they only read. */
    void webhooks(Context ctx, Caller caller) {
        Invoice transaction = visible(caller, invoices.invoices().findBySeq(TransactionIds.parse(ctx.pathParam("id"))));
        ctx.json(Map.of("data", webhooks.forTransaction(transaction.id())));
    }

    void redeliver(Context ctx, Caller caller) {
        Invoice transaction = visible(caller, invoices.invoices().findBySeq(TransactionIds.parse(ctx.pathParam("id"))));
        limits.redelivery(transaction.accountId());
        int queued = webhooks.redeliver(transaction.id());
        if (queued == 0) {
            throw Problem.of(ErrorCode.NO_WEBHOOK);
        }
        ctx.status(202).json(Map.of("queued", queued));
    }

    private TransactionJson json(Invoice transaction) {
        return json(List.of(transaction)).get(0);
    }

    /** The transactions' JSON; a charge's shows its on-chain payments (one look-up for the lot). */
    private List<TransactionJson> json(List<Invoice> transactions) {
        Map<String, ChargeView> ofCharges = charges.forInvoices(transactions);
        return transactions.stream().map(t -> TransactionJson.of(t, onchain(ofCharges.get(t.id())))).toList();
    }

    private static TransactionJson.Onchain onchain(ChargeView charge) {
        if (charge == null || charge.address() == null) {
            return null;
        }
        return new TransactionJson.Onchain(charge.address(),
                charge.missingSat() == null ? null : charge.charge().amountSat() * 1000 - charge.onchainMsat(),
                charge.overpaidBySat() == null ? null : charge.onchainMsat() - charge.charge().amountSat() * 1000,
                charge.payments().stream().map(p -> new TransactionJson.Output(p.outpoint().txid(), p.outpoint().vout(),
                        p.amountMsat(), p.state().name(), p.receivedAt(), p.settledAt())).toList());
    }

    /** The transaction, if the caller may see it; another account's transaction looks just like a missing one. */
    private static Invoice visible(Caller caller, Optional<Invoice> transaction) {
        return transaction.filter(t -> caller.mayUse(t.accountId())).orElseThrow(InvoiceRoutes::notFound);
    }

    static Problem notFound() {
        return Problem.of(ErrorCode.NOT_FOUND);
    }
}
