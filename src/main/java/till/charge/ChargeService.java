package till.charge;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import till.invoice.InvoiceOrder;
import till.invoice.InvoiceCore;
import till.invoice.InvoiceStatus;
import till.invoice.Invoice;
import till.store.Ids;
import till.webhook.NewDelivery;
import till.webhook.WebhookOutbox;

/**
 * OpenNode-compatible charges on top of invoices: a charge is issued as an invoice of the account, settles
 * through the same watcher and ledger, and on paid or expired posts OpenNode's form callback through the
 * webhook outbox, in the same database transaction as the change.
 */
public final class ChargeService {
    private final Jdbi jdbi;
    private final InvoiceCore invoices;
    private final WebhookOutbox outbox;
    private final Clock clock;

    public ChargeService(Jdbi jdbi, InvoiceCore invoices, WebhookOutbox outbox, Clock clock) {
        this.jdbi = jdbi;
        this.invoices = invoices;
        this.outbox = outbox;
        this.clock = clock;
        invoices.events().addHook(this::invoiceChanged);
    }

    /**
     * Creates a charge for the account whose {@code apiKey} asked. The key is used once, here, to compute the
     * callbacks' {@code hashed_order}; only that HMAC is stored.
     */
    public ChargeView create(String accountId, String apiKey, NewCharge request) {
        if (request.callbackUrl() != null) {
            invoices.issuer().checkWebhookUrl("callback_url", request.callbackUrl());
        }
        String description = request.description() != null ? request.description()
                : request.orderId() != null ? "Order " + request.orderId() : "Payment";
        Invoice invoice = invoices.issuer().issue(new InvoiceOrder(accountId, null, 100, request.amountSat() * 1000, null,
                description, request.ttlMinutes() * 60L, null, null));
        String id = Ids.next();
        Charge charge = new Charge(id, invoice.id(), accountId, request.amountSat(), request.description(), request.orderId(),
                request.callbackUrl(), request.successUrl(), request.autoSettle(), request.ttlMinutes(),
                HashedOrder.of(apiKey, id), clock.instant());
        jdbi.useExtension(ChargeDao.class, dao -> dao.insert(charge));
        return new ChargeView(charge, invoice);
    }

    public Optional<ChargeView> find(String id) {
        return jdbi.withExtension(ChargeDao.class, dao -> dao.find(id)).map(this::withInvoice);
    }

    /** The account's charges, newest first. */
    public List<ChargeView> list(String accountId, int limit) {
        return jdbi.withExtension(ChargeDao.class, dao -> dao.listForAccount(accountId, limit)).stream()
                .map(this::withInvoice).toList();
    }

    /** The charge this invoice stands for, if it is a charge's. */
    public Optional<ChargeView> forInvoice(Invoice invoice) {
        // Charges are exactly the invoices made without a terminal: the others need no look-up.
        return invoice.bptId() != null ? Optional.empty()
                : jdbi.withExtension(ChargeDao.class, dao -> dao.findByTransaction(invoice.id()))
                        .map(charge -> new ChargeView(charge, invoice));
    }

    private ChargeView withInvoice(Charge charge) {
        return new ChargeView(charge, invoices.invoices().findById(charge.transactionId()).orElseThrow());
    }

    private void invoiceChanged(Handle handle, Invoice invoice) {
        // Charges are exactly the invoices made without a terminal: the others need no look-up.
        if (invoice.status() == InvoiceStatus.unpaid || invoice.bptId() != null) {
            return;
        }
        handle.attach(ChargeDao.class).findByTransaction(invoice.id())
                .filter(charge -> charge.callbackUrl() != null)
                .ifPresent(charge -> outbox.enqueue(handle, List.of(new NewDelivery(invoice.id(), charge.callbackUrl(),
                        NewDelivery.FORM, callbackBody(new ChargeView(charge, invoice)), null))));
    }

    /** OpenNode's callback fields, form-encoded; absent texts are "N/A" as OpenNode sends them. */
    static String callbackBody(ChargeView view) {
        Charge charge = view.charge();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", charge.id());
        fields.put("callback_url", orEmpty(charge.callbackUrl()));
        fields.put("success_url", orEmpty(charge.successUrl()));
        fields.put("status", view.status());
        fields.put("order_id", charge.orderId() == null ? "N/A" : charge.orderId());
        fields.put("description", charge.description() == null ? "N/A" : charge.description());
        fields.put("price", Long.toString(charge.amountSat()));
        Long feeMsat = view.invoice().feeProcessMsat();
        fields.put("fee", Long.toString(feeMsat == null ? 0 : feeMsat / 1000));
        fields.put("auto_settle", charge.autoSettle() ? "1" : "0");
        fields.put("hashed_order", charge.hashedOrder());
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
