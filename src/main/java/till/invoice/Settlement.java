package till.invoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.account.AccountService;
import till.account.LedgerEntry;
import till.json.Json;
import till.node.NodeInvoice;
import till.store.GroupCommit;
import till.store.Ids;
import till.webhook.NewDelivery;
import till.webhook.WebhookOutbox;

/**
 * The one way an invoice becomes paid, whatever paid it: {@link #apply} settles incoming payments in the caller's
 * database transaction (status, ledger, webhook outbox, hooks) and announces them once it commits. Payments the node
 * reports come through {@link #submit} (the watcher: batched, the cursor saved with them) or {@link #record}
 * (reconciliation, expiry); money for an invoice already paid goes to {@link UnmatchedPayments}, never dropped.
 */
public final class Settlement implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Settlement.class);
    /** Payments fetched from the node but not yet settled, at most. */
    private static final int MAX_UNSETTLED = 2000;

    private final Jdbi jdbi;
    private final AccountService accounts;
    private final WebhookOutbox outbox;
    private final InvoiceEvents events;
    private final UnmatchedPayments unmatched;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private final GroupCommit<NodeInvoice, Optional<Invoice>> nodePayments;
    private final Semaphore unsettled = new Semaphore(MAX_UNSETTLED);
    private volatile ExecutorService announcer;

    public Settlement(Jdbi jdbi, AccountService accounts, WebhookOutbox outbox, InvoiceEvents events,
                      UnmatchedPayments unmatched, Clock clock) {
        this.jdbi = jdbi;
        this.accounts = accounts;
        this.outbox = outbox;
        this.events = events;
        this.unmatched = unmatched;
        this.clock = clock;
        // Its writer thread starts with the first payment, not here.
        this.nodePayments = new GroupCommit<>(jdbi, "settlement-writer", (handle, paid) -> fromNode(handle, paid, true));
    }

    /** Starts the thread that announces settlements, in order, once they have committed. */
    public Settlement start() {
        announcer = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "settlement-announcer");
            thread.setDaemon(true);
            return thread;
        });
        return this;
    }

    /** The watcher's position: the highest node pay_index whose payment has been settled (or was not Till's). */
    public long cursor() {
        return jdbi.withExtension(InvoiceDao.class, InvoiceDao::cursor);
    }

    /**
     * For the watcher: queues a payment the node reports, in pay_index order. Payments arriving together are
     * settled in one database transaction (group commit), the watcher's cursor with them, so a crash can neither
     * skip a payment nor count it twice.
     */
    public CompletableFuture<Optional<Invoice>> submit(NodeInvoice paid) {
        // Back-pressure: when payments arrive faster than they can be settled, the watcher waits here instead of
        // queueing without bound (the node keeps them; the cursor says where to go on).
        unsettled.acquireUninterruptibly();
        return nodePayments.submit(paid).whenComplete((settled, error) -> unsettled.release());
    }

    /**
     * Records a payment the node reports, found outside the watcher's sequence (reconciliation, expiry). Idempotent
     * on the payment hash: a replay changes nothing and notifies nobody.
     */
    public Optional<Invoice> record(NodeInvoice paid) {
        return jdbi.inTransaction(handle -> fromNode(handle, List.of(paid), false).get(0));
    }

    /**
     * Settles a batch of payments the node reports: one query finds their invoices, and each table is written with
     * one batched statement. Payments for invoices Till did not issue only move the cursor. One result per payment.
     */
    private List<Optional<Invoice>> fromNode(Handle handle, List<NodeInvoice> payments, boolean advanceCursor) {
        InvoiceDao dao = handle.attach(InvoiceDao.class);
        if (advanceCursor) {
            LongSummaryStatistics indexes = payments.stream().map(NodeInvoice::payIndex).filter(Objects::nonNull)
                    .mapToLong(Long::longValue).summaryStatistics();
            if (indexes.getCount() > 0) {
                dao.advanceCursor(indexes.getMin(), indexes.getMax());
            }
        }
        Map<String, Invoice> byHash = new HashMap<>();
        dao.findByHashes(payments.stream().map(NodeInvoice::paymentHash).distinct().toList())
                .forEach(t -> byHash.put(t.invoiceHash(), t));
        List<IncomingPayment> ours = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<UnmatchedPayment> unmatchedPayments = new ArrayList<>();
        for (int i = 0; i < payments.size(); i++) {
            NodeInvoice paid = payments.get(i);
            Invoice invoice = byHash.get(paid.paymentHash());
            if (invoice != null && invoice.label().equals(paid.reference())) {
                long amountReceived = paid.amountReceivedMsat() != null ? paid.amountReceivedMsat() : invoice.amountMsat();
                // A node invoice is paid once: the same pay_index is a replay; any other is money for an invoice
                // settled without this payment, which must be recorded, not dropped.
                if (invoice.isPaid() && !Objects.equals(invoice.payIndex(), paid.payIndex())) {
                    unmatchedPayments.add(new UnmatchedPayment(Ids.next(), invoice.id(), invoice.seq(), invoice.accountId(),
                            invoice.invoiceHash(), paid.payIndex(), amountReceived, settlementTime(paid), clock.instant()));
                    continue;
                }
                ours.add(new IncomingPayment(invoice, amountReceived, settlementTime(paid), paid.payIndex()));
                positions.add(i);
            }
        }
        unmatched.record(handle, unmatchedPayments);
        List<Optional<Invoice>> results = new ArrayList<>(Collections.nCopies(payments.size(), Optional.empty()));
        List<Optional<Invoice>> settled = apply(handle, ours);
        for (int j = 0; j < positions.size(); j++) {
            results.set(positions.get(j), settled.get(j));
        }
        return results;
    }

    /**
     * Settles invoices inside the caller's database transaction: marks each paid, credits its account (minus the
     * account's fee), queues its webhook and runs the hooks, all or nothing; once it commits, each is announced. One
     * result per payment, in order: empty when the invoice was already paid.
     */
    public List<Optional<Invoice>> apply(Handle handle, List<IncomingPayment> payments) {
        if (announcer == null) {
            throw new IllegalStateException("the settlement is not started");
        }
        List<Invoice> rows = payments.stream().map(p -> {
            Invoice invoice = p.invoice();
            long fee = accounts.feeFor(handle, invoice.accountId(), p.amountReceivedMsat());
            return invoice.settled(p.paidAt(), p.amountReceivedMsat(), p.amountReceivedMsat() - fee, fee, p.payIndex());
        }).toList();
        int[] updated = rows.isEmpty() ? new int[0] : handle.attach(InvoiceDao.class).markPaid(rows);
        // 0 when it was paid already, by an earlier batch or earlier in this one
        List<Optional<Invoice>> results = IntStream.range(0, rows.size())
                .mapToObj(i -> updated[i] == 1 ? Optional.of(rows.get(i)) : Optional.<Invoice>empty()).toList();
        List<Invoice> settled = results.stream().flatMap(Optional::stream).toList();
        accounts.credit(handle, settled.stream().map(t -> new LedgerEntry(t.accountId(), t.receivedMsat(), t.id())).toList());
        outbox.enqueue(handle, settled.stream().filter(t -> t.webhookUrl() != null)
                .map(t -> new NewDelivery(t.id(), t.webhookUrl(), NewDelivery.JSON, webhookBody(t), t.webhookSecret()))
                .toList());
        settled.forEach(t -> events.changing(handle, t));
        if (!settled.isEmpty()) {
            handle.afterCommit(() -> announceLater(settled));
        }
        return results;
    }

    /** On the announcer's thread, in commit order: the writer goes on with the next batch meanwhile. */
    private void announceLater(List<Invoice> settled) {
        try {
            announcer.execute(() -> settled.forEach(this::announce));
        } catch (RejectedExecutionException e) {
            log.debug("Closing: {} settlement(s) committed but not announced", settled.size());
        }
    }

    /** Tells the WebSockets and whoever waits (the webhook is on its way already). */
    private void announce(Invoice settled) {
        log.info("Invoice {} paid: {} msat received, {} msat credited to account {}",
                settled.invoiceHash(), settled.amountReceivedMsat(), settled.receivedMsat(), settled.accountId());
        events.changed(settled);
    }

    /** The IBEXPay webhook body: the invoice's secret (or empty) and the transaction. */
    private String webhookBody(Invoice settled) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("secret", settled.webhookSecret() == null ? "" : settled.webhookSecret());
        body.put("transaction", TransactionJson.of(settled));
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The node reports whole seconds; when Till learns of the payment within a second or so, its own clock is
     * the more precise time (and never earlier than the invoice's creation). Otherwise the node's time is the truth.
     */
    private Instant settlementTime(NodeInvoice paid) {
        Instant now = clock.instant();
        if (paid.paidAt() == null || now.getEpochSecond() - paid.paidAt().getEpochSecond() <= 1) {
            return now;
        }
        return paid.paidAt();
    }

    @Override
    public void close() {
        nodePayments.close();
        if (announcer != null) {
            announcer.shutdown();
        }
    }
}
