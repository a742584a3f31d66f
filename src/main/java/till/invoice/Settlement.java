package till.invoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.account.AccountService;
import till.account.LedgerEntry;
import till.json.Json;
import till.store.Ids;
import till.webhook.NewDelivery;
import till.webhook.WebhookOutbox;

/**
 * The one way an invoice becomes paid, whatever paid it: {@link #apply} settles incoming payments in the caller's
 * database transaction (status, ledger, webhook outbox, hooks) and announces them once it commits; {@link #resettle}
 * derives again the invoices whose on-chain outputs changed. Payments the node reports come through
 * {@link NodePayments}; money for an invoice already credited goes to {@link UnmatchedPayments}, never dropped.
 */
public final class Settlement implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Settlement.class);

    private final Jdbi jdbi;
    private final AccountService accounts;
    private final WebhookOutbox outbox;
    private final InvoiceEvents events;
    private final UnmatchedPayments unmatched;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private volatile ExecutorService announcer;

    public Settlement(Jdbi jdbi, AccountService accounts, WebhookOutbox outbox, InvoiceEvents events,
                      UnmatchedPayments unmatched, Clock clock) {
        this.jdbi = jdbi;
        this.accounts = accounts;
        this.outbox = outbox;
        this.events = events;
        this.unmatched = unmatched;
        this.clock = clock;
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

    /**
     * Settles invoices inside the caller's database transaction: records each incoming payment (a replay of one
     * recorded already changes nothing), derives its invoice's status from all it received, and for each invoice
     * this makes paid credits its account (what it received, minus the account's fee), queues its webhook and runs
     * the hooks, all or nothing; once it commits, each is announced. One result per payment, in order: the invoice
     * when this payment made it paid, else empty.
     */
    public List<Optional<Invoice>> apply(Handle handle, List<IncomingPayment> payments) {
        if (announcer == null) {
            throw new IllegalStateException("the settlement is not started");
        }
        if (payments.isEmpty()) {
            return List.of();
        }
        InvoiceDao dao = handle.attach(InvoiceDao.class);
        int[] fresh = dao.recordIncoming(payments);
        Set<String> withOutputs = new HashSet<>();
        Map<String, Invoice> derived = derive(handle, dao, withOutputs, IntStream.range(0, payments.size())
                .filter(i -> fresh[i] == 1).mapToObj(i -> payments.get(i)).toList());
        List<Invoice> rows = List.copyOf(derived.values());
        int[] updated = rows.isEmpty() ? new int[0] : dao.writeSummary(rows);
        // 0 when it was paid already, by an earlier batch
        List<Invoice> settled = IntStream.range(0, rows.size()).filter(i -> updated[i] == 1 && rows.get(i).isPaid())
                .mapToObj(rows::get).toList();
        // An invoice credited before (paid on-chain, then a reorg) is credited once only: the ledger refuses a second.
        Set<String> creditedBefore = payments.stream().filter(p -> p.invoice().isCredited())
                .map(IncomingPayment::invoiceId).collect(Collectors.toSet());
        credit(handle, settled.stream().filter(t -> !creditedBefore.contains(t.id())).toList(), withOutputs);
        events.changing(handle, settled);
        if (!settled.isEmpty()) {
            handle.afterCommit(() -> announceLater(settled));
        }
        // Each settled invoice answers for the first of its payments in this batch.
        Set<String> answered = new HashSet<>();
        Set<String> settledIds = settled.stream().map(Invoice::id).collect(Collectors.toSet());
        return IntStream.range(0, payments.size()).mapToObj(i -> {
            String id = payments.get(i).invoiceId();
            return fresh[i] == 1 && settledIds.contains(id) && answered.add(id)
                    ? Optional.of(derived.get(id)) : Optional.<Invoice>empty();
        }).toList();
    }

    /**
     * Each invoice that received a fresh payment, with the status and amounts derived from everything it received
     * (one query for the batch). Only changes that matter are kept: a status other than unpaid. Those that have
     * confirmed on-chain outputs are added to {@code withOutputs}.
     */
    private Map<String, Invoice> derive(Handle handle, InvoiceDao dao, Set<String> withOutputs, List<IncomingPayment> fresh) {
        Map<String, Invoice> invoices = new LinkedHashMap<>();
        Map<String, Instant> lastReceived = new HashMap<>();
        fresh.forEach(p -> {
            invoices.putIfAbsent(p.invoiceId(), p.invoice());
            lastReceived.put(p.invoiceId(), p.receivedAt());
        });
        Map<String, Sums> sums = sums(dao, invoices.keySet());
        Map<String, Invoice> derived = new LinkedHashMap<>();
        invoices.forEach((id, invoice) -> {
            Sums sum = sums.getOrDefault(id, Sums.NONE);
            if (sum.confirmedOutputs()) {
                withOutputs.add(id);
            }
            InvoiceStatus status = sum.status(invoice, invoice.status() == InvoiceStatus.expired);
            if (status == InvoiceStatus.paid && invoice.receivedMsat() == null) {
                long fee = accounts.feeFor(handle, invoice.accountId(), sum.confirmed());
                derived.put(id, invoice.settled(lastReceived.get(id), sum.confirmed(), sum.confirmed() - fee, fee));
            } else if (status != invoice.status()) {
                derived.put(id, invoice.withStatus(status));
            }
        });
        return derived;
    }

    /** What each invoice received that counts (replaced on-chain outputs count nothing), by state. */
    private static Map<String, Sums> sums(InvoiceDao dao, Collection<String> invoiceIds) {
        Map<String, Sums> sums = new HashMap<>();
        if (!invoiceIds.isEmpty()) {
            for (Received r : dao.received(List.copyOf(invoiceIds))) {
                sums.merge(r.invoiceId(), Sums.of(r), Sums::plus);
            }
        }
        return sums;
    }

    /**
     * The input of {@link InvoiceStatus#derive} for one invoice, and whether it has confirmed on-chain outputs (which
     * its credit marks as counted, or which became unmatched payments when confirmed after it).
     */
    private record Sums(long confirmed, long pending, boolean requestSettled, boolean confirmedOutputs) {
        static final Sums NONE = new Sums(0, 0, false, false);

        static Sums of(Received r) {
            boolean confirmed = r.state() == IncomingPayment.State.confirmed;
            return new Sums(confirmed ? r.amountMsat() : 0, confirmed ? 0 : r.amountMsat(), confirmed && r.rail().settlesWhole(),
                    confirmed && r.rail() == Rail.onchain);
        }

        Sums plus(Sums other) {
            return new Sums(confirmed + other.confirmed, pending + other.pending, requestSettled || other.requestSettled,
                    confirmedOutputs || other.confirmedOutputs);
        }

        InvoiceStatus status(Invoice invoice, boolean closed) {
            return InvoiceStatus.derive(invoice.amountMsat(), confirmed, pending, requestSettled, closed);
        }
    }

    /**
     * Inside the caller's database transaction, after some of these invoices' incoming payments changed state (an
     * on-chain output seen, confirmed, replaced or reorged out): locks them, derives each one's status again from
     * everything it received, and writes those that changed, each with its hooks, announced after the commit. The
     * first time one is paid its account is credited (what it received, minus the fee) and its webhook queued; a
     * status going back (a reorg) leaves that credit as it is, so paid again later credits nothing more. The credit
     * marks the outputs it counted; any output of a credited invoice that confirms without that mark (paid again, an
     * overpayment confirmed in a later block, an on-chain payment of a charge paid over Lightning) becomes an
     * unmatched payment, credited once. A refunded invoice stays refunded. Answers the invoices whose status changed.
     */
    public List<Invoice> resettle(Handle handle, Collection<String> invoiceIds) {
        if (invoiceIds.isEmpty()) {
            return List.of();
        }
        InvoiceDao dao = handle.attach(InvoiceDao.class);
        List<String> ids = invoiceIds.stream().distinct().sorted().toList();
        dao.lock(ids);
        Map<String, Sums> sums = sums(dao, ids);
        Instant now = clock.instant();
        List<Invoice> changed = new ArrayList<>();
        List<Invoice> credited = new ArrayList<>();
        Set<String> withOutputs = new HashSet<>();
        Map<String, Invoice> creditedBefore = new HashMap<>();
        for (Invoice invoice : dao.findByIds(ids)) {
            if (invoice.status() == InvoiceStatus.refunded) {
                continue;
            }
            Sums sum = sums.getOrDefault(invoice.id(), Sums.NONE);
            if (sum.confirmedOutputs()) {
                withOutputs.add(invoice.id());
                if (invoice.isCredited()) {
                    creditedBefore.put(invoice.id(), invoice);
                }
            }
            InvoiceStatus status = sum.status(invoice, invoice.status() == InvoiceStatus.expired || !invoice.expiresAt().isAfter(now));
            if (status == invoice.status()) {
                continue;
            }
            if (status == InvoiceStatus.paid && invoice.receivedMsat() == null) {
                long fee = accounts.feeFor(handle, invoice.accountId(), sum.confirmed());
                Invoice paid = invoice.settled(now, sum.confirmed(), sum.confirmed() - fee, fee);
                changed.add(paid);
                credited.add(paid);
            } else {
                if (invoice.isPaid()) {
                    log.warn("Invoice {} was paid and is {} now: a block that confirmed its payment left the chain; "
                            + "its credit of {} msat stays and is not made again", invoice.invoiceHash(), status, invoice.receivedMsat());
                }
                changed.add(invoice.withStatus(status));
            }
        }
        creditLateOutputs(handle, dao, creditedBefore, now);
        if (changed.isEmpty()) {
            return List.of();
        }
        dao.writeDerived(changed);
        credit(handle, credited, withOutputs);
        events.changing(handle, changed);
        handle.afterCommit(() -> announceLater(changed));
        return changed;
    }

    /**
     * Invoices paid for the first time: their accounts credited (what they received, minus the fee), the confirmed
     * on-chain outputs of those among {@code withOutputs} marked as counted in it, their webhooks queued.
     */
    private void credit(Handle handle, List<Invoice> paid, Set<String> withOutputs) {
        accounts.credit(handle, paid.stream().map(t -> new LedgerEntry(t.accountId(), t.receivedMsat(), t.id())).toList());
        List<String> counted = paid.stream().map(Invoice::id).filter(withOutputs::contains).toList();
        if (!counted.isEmpty()) {
            handle.attach(InvoiceDao.class).markOutputsCredited(counted);
        }
        outbox.enqueue(handle, paid.stream().filter(t -> t.webhookUrl() != null)
                .map(t -> new NewDelivery(t.id(), t.webhookUrl(), NewDelivery.JSON, webhookBody(t), t.webhookSecret()))
                .toList());
    }

    /**
     * The confirmed outputs of invoices credited before that their credit did not count: each one an unmatched payment
     * (credited in full, once: its {@code txid:vout} is unique among them) and marked as credited, so that a reorg
     * that confirms it again, or a restart, credits nothing more.
     */
    private void creditLateOutputs(Handle handle, InvoiceDao dao, Map<String, Invoice> creditedBefore, Instant now) {
        if (creditedBefore.isEmpty()) {
            return;
        }
        List<InvoiceDao.LateOutput> late = dao.uncreditedOutputs(List.copyOf(creditedBefore.keySet()));
        if (late.isEmpty()) {
            return;
        }
        unmatched.record(handle, late.stream().map(o -> UnmatchedPayment.onchain(Ids.next(), creditedBefore.get(o.transactionId()),
                o.reference(), o.amountMsat(), o.settledAt() != null ? o.settledAt() : now, now)).toList());
        dao.markCredited(late.stream().map(InvoiceDao.LateOutput::reference).toList());
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
        if (!settled.isPaid()) {
            log.info("Invoice {} is {} now", settled.invoiceHash(), settled.status());
            events.changed(settled);
            return;
        }
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

    @Override
    public void close() {
        if (announcer != null) {
            announcer.shutdown();
        }
    }
}
