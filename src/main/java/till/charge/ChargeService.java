package till.charge;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import till.error.ErrorCode;
import till.error.Problem;
import till.fiat.FiatPrice;
import till.fiat.Rates;
import till.invoice.InvoiceOrder;
import till.invoice.InvoiceCore;
import till.invoice.Invoice;
import till.node.InvoiceDescription;
import till.onchain.ChainPayment;
import till.onchain.OnchainPayments;
import till.store.Ids;
import till.webhook.FormBody;
import till.webhook.NewDelivery;
import till.webhook.WebhookOutbox;

/**
 * OpenNode-compatible charges on top of invoices: a charge is issued as an invoice of the account, with an address of
 * the node's wallet when on-chain payments are on, settles through the same watchers and ledger, and at every status
 * change posts OpenNode's form callback through the webhook outbox, in the same database transaction as the change.
 */
public final class ChargeService {
    private final Jdbi jdbi;
    private final InvoiceCore invoices;
    private final WebhookOutbox outbox;
    private final OnchainPayments onchain;
    private final Rates rates;
    private final Clock clock;

    public ChargeService(Jdbi jdbi, InvoiceCore invoices, OnchainPayments onchain, WebhookOutbox outbox, Rates rates,
                         Clock clock) {
        this.jdbi = jdbi;
        this.rates = rates;
        this.invoices = invoices;
        this.onchain = onchain;
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
        String description = Charge.shownDescription(request.description(), request.orderId());
        // Converted once, here, in whole satoshis (an address is paid in those); the invoice keeps the rate.
        FiatPrice price = request.inFiat() ? rates.rate(request.currency()).price(request.amountFiat()) : null;
        long amountSat = price == null ? request.amountSat() : price.sat();
        if (amountSat < 1) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "amount", "amount is worth less than one satoshi at "
                    + price.btcPriceText() + " " + price.currency() + " per bitcoin");
        }
        // Before anything is written: a node that cannot give an address fails the request, leaving nothing behind.
        Optional<String> address = onchain.newAddress();
        Invoice invoice = invoices.issuer().issue(new InvoiceOrder(accountId, null, 100, amountSat * 1000, null,
                InvoiceDescription.shown(description), request.ttlMinutes() * 60L, null, null, price));
        String id = Ids.next();
        Charge charge = new Charge(id, invoice.id(), accountId, amountSat, request.description(), request.orderId(),
                request.callbackUrl(), request.successUrl(), request.autoSettle(), request.ttlMinutes(),
                HashedOrder.of(apiKey, id), clock.instant(), request.metadata(), request.notifEmail());
        jdbi.useTransaction(handle -> {
            address.ifPresent(a -> onchain.addAddress(handle, invoice.id(), a));
            handle.attach(ChargeDao.class).insert(charge);
        });
        return new ChargeView(charge, invoice, address.orElse(null), List.of());
    }

    public Optional<ChargeView> find(String id) {
        return jdbi.withExtension(ChargeDao.class, dao -> dao.find(id)).map(charge -> views(List.of(charge)).get(0));
    }

    /** Page {@code page} (from 1) of the account's paid charges, newest first, {@code pageSize} a page. */
    public List<ChargeView> paid(String accountId, long page, int pageSize) {
        return views(jdbi.withExtension(ChargeDao.class, dao -> dao.paidForAccount(accountId, pageSize, (page - 1) * pageSize)));
    }

    /** The charge behind this invoice, if it is one (the checkout page, refunds). */
    public Optional<ChargeView> findByInvoice(String transactionId) {
        return jdbi.withExtension(ChargeDao.class, dao -> dao.findByTransaction(transactionId)).map(charge -> views(List.of(charge)).get(0));
    }

    /**
     * The charges behind these invoices, by invoice id, for those that are charges: the transaction JSON shows their
     * on-chain payments. Invoices of a terminal are never charges and cost no query.
     */
    public Map<String, ChargeView> forInvoices(List<Invoice> invoiceList) {
        List<String> ids = invoiceList.stream().filter(t -> t.bptId() == null).map(Invoice::id).toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, ChargeView> views = new HashMap<>();
        views(jdbi.withExtension(ChargeDao.class, dao -> dao.findByTransactions(ids)))
                .forEach(view -> views.put(view.invoice().id(), view));
        return views;
    }

    /** With their invoices, addresses and outputs (one query each for the lot). */
    private List<ChargeView> views(List<Charge> charges) {
        List<String> ids = charges.stream().map(Charge::transactionId).toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Invoice> byId = invoices.invoices().findByIds(ids);
        Map<String, String> addresses = onchain.addresses(ids);
        Map<String, List<ChainPayment>> payments = onchain.payments(ids);
        return charges.stream().map(c -> new ChargeView(c, byId.get(c.transactionId()), addresses.get(c.transactionId()),
                payments.getOrDefault(c.transactionId(), List.of()))).toList();
    }

    /** Every status change of a charge's invoice (inside its database transaction): the shop's callback, if it asked for one. */
    private void invoiceChanged(Handle handle, Invoice invoice) {
        // Charges are exactly the invoices made without a terminal: the others need no look-up.
        if (invoice.bptId() != null) {
            return;
        }
        handle.attach(ChargeDao.class).findByTransaction(invoice.id())
                .filter(charge -> charge.callbackUrl() != null)
                .ifPresent(charge -> {
                    ChargeView view = new ChargeView(charge, invoice, onchain.address(handle, invoice.id()).orElse(null),
                            onchain.payments(handle, List.of(invoice.id())).getOrDefault(invoice.id(), List.of()));
                    outbox.enqueue(handle, List.of(new NewDelivery(invoice.id(), charge.callbackUrl(), NewDelivery.FORM,
                            callbackBody(view), null)));
                });
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
        // As the charge object has them (OpenNode's typed clients read its callback as one, with hashed_order).
        fields.put("currency", view.currency());
        fields.put("source_fiat_value", view.sourceFiatValue().toPlainString());
        if (view.fiatValue() != null) {
            fields.put("fiat_value", view.fiatValue().toPlainString());
        }
        if (view.address() != null) {
            fields.put("address", view.address());
        }
        if (view.missingSat() != null) {
            fields.put("missing_amt", Long.toString(view.missingSat()));
        }
        if (view.overpaidBySat() != null) {
            fields.put("overpaid_by", Long.toString(view.overpaidBySat()));
        }
        // As OpenNode's form encoding sends an array of objects (and PHP reads it back): transactions[0][address]=...
        for (int i = 0; i < view.payments().size(); i++) {
            ChainPayment p = view.payments().get(i);
            String prefix = "transactions[" + i + "]";
            fields.put(prefix + "[address]", view.address());
            fields.put(prefix + "[created_at]", Long.toString(p.receivedAt().getEpochSecond()));
            fields.put(prefix + "[settled_at]", p.settledAt() == null ? "" : Long.toString(p.settledAt().getEpochSecond()));
            fields.put(prefix + "[tx]", p.outpoint().txid());
            fields.put(prefix + "[status]", p.state().name());
            fields.put(prefix + "[amount]", Long.toString(p.amountMsat() / 1000));
        }
        fields.put("hashed_order", charge.hashedOrder());
        return FormBody.of(fields);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
