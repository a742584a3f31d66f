package till.invoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.account.AccountService;
import till.account.Bpt;
import till.account.LedgerEntry;
import till.error.ErrorCode;
import till.error.Problem;
import till.json.Json;
import till.node.IssuedInvoice;
import till.node.LightningNode;
import till.node.NodeException;
import till.node.NodeInvoice;
import till.node.NodeInvoiceState;
import till.store.GroupCommit;
import till.store.Ids;
import till.webhook.NewDelivery;
import till.webhook.WebhookOutbox;
import till.webhook.WebhookUrlGuard;

/** Invoices and their lifecycle: created on the node, settled when paid, expired when not. */
public final class InvoiceService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InvoiceService.class);
    /** How long after its expiry an invoice is still checked on the node, in case a payment raced the expiry. */
    public static final Duration LATE_PAYMENT_WINDOW = Duration.ofHours(1);
    /** Payments fetched from the node but not yet settled, at most. */
    private static final int MAX_UNSETTLED = 2000;

    private static final RowMapper<Transaction> TRANSACTION_MAPPER = new TransactionMapper();

    private final Jdbi jdbi;
    private final LightningNode node;
    private final AccountService accounts;
    private final WebhookOutbox outbox;
    private final WebhookUrlGuard webhookGuard;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private final GroupCommit<Transaction, Transaction> newInvoices;
    private final GroupCommit<NodeInvoice, Optional<Transaction>> nodePayments;
    private final Semaphore unsettled = new Semaphore(MAX_UNSETTLED);
    private final ExecutorService announcer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "settlement-announcer");
        thread.setDaemon(true);
        return thread;
    });
    private final List<InvoiceListener> listeners = new CopyOnWriteArrayList<>();
    private final List<InvoiceHook> hooks = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Transaction>> paidWaiters = new ConcurrentHashMap<>();
    private final UnmatchedPayments unmatched;

    public InvoiceService(Jdbi jdbi, LightningNode node, AccountService accounts, WebhookOutbox outbox,
                          WebhookUrlGuard webhookGuard, Clock clock) {
        this.jdbi = jdbi;
        this.node = node;
        this.accounts = accounts;
        this.outbox = outbox;
        this.webhookGuard = webhookGuard;
        this.clock = clock;
        this.unmatched = new UnmatchedPayments(jdbi, accounts);
        this.newInvoices = new GroupCommit<>(jdbi, "invoice-writer", (handle, batch) -> {
            long[] seqs = handle.attach(TransactionDao.class).insert(batch);
            return IntStream.range(0, batch.size()).mapToObj(i -> batch.get(i).inserted(seqs[i])).toList();
        });
        this.nodePayments = new GroupCommit<>(jdbi, "settlement-writer", (handle, paid) -> settleFromNode(handle, paid, true));
    }

    public void addListener(InvoiceListener listener) {
        listeners.add(listener);
    }

    public void addHook(InvoiceHook hook) {
        hooks.add(hook);
    }

    /** Money the node received for invoices already paid: recorded, never dropped. */
    public UnmatchedPayments unmatchedPayments() {
        return unmatched;
    }

    /** Completes when the invoice is paid (at once if it already is). */
    public CompletableFuture<Transaction> whenPaid(String invoiceHash) {
        CompletableFuture<Transaction> future = paidWaiters.computeIfAbsent(invoiceHash, h -> new CompletableFuture<>());
        // Registered first, then checked, so a settlement in between is not missed.
        findByHash(invoiceHash).filter(Transaction::isPaid).ifPresent(future::complete);
        if (future.isDone()) {
            paidWaiters.remove(invoiceHash, future);
        }
        return future;
    }

    /** An invoice for a terminal's account, as {@code /invoice/add} asks; the description is the tag or the terminal's name. */
    public Transaction create(NewInvoice request) {
        Bpt bpt = accounts.findBpt(request.bptId())
                .orElseThrow(() -> Problem.at(ErrorCode.BPT_NOT_FOUND, "bptId"));
        return issue(new InvoiceOrder(bpt.accountId(), bpt.id(), bpt.splitBitcoinPercentage(), request.amountMsat(),
                request.tag(), request.tag() != null ? request.tag() : bpt.name(), request.expirationSeconds(),
                request.webhookUrl(), request.webhookSecret()));
    }

    /** Creates the invoice on the node, then records it with the node's name for it (its {@code label}). */
    public Transaction issue(InvoiceOrder order) {
        if (order.webhookUrl() != null) {
            checkWebhookUrl("webhookUrl", order.webhookUrl());
        }
        String id = Ids.next();
        Instant now = clock.instant();
        IssuedInvoice issued = node.issueInvoice(id, order.amountMsat(), order.description(), order.expirySeconds());
        Transaction transaction = newInvoices.write(new Transaction(0, id, order.accountId(), order.bptId(),
                issued.paymentHash(), issued.bolt11(), issued.reference(), order.amountMsat(), order.tag(),
                order.webhookUrl(), order.webhookSecret(), order.splitBitcoinPercentage(), InvoiceStatus.unpaid, now,
                issued.expiresAt(), null, null, null, null, null));
        listeners.forEach(listener -> listener.invoiceCreated(transaction));
        return transaction;
    }

    /** Refuses (400) a webhook URL whose host is not public, unless private addresses are allowed. */
    public void checkWebhookUrl(String field, String url) {
        webhookGuard.checkUrl(field, url);
    }

    /** By the internal key, as other tables reference it. */
    public Optional<Transaction> findById(String id) {
        return jdbi.withExtension(TransactionDao.class, dao -> dao.findById(id));
    }

    /** By the public id (the JSON's {@code id}). */
    public Optional<Transaction> findBySeq(long seq) {
        return jdbi.withExtension(TransactionDao.class, dao -> dao.findBySeq(seq));
    }

    /**
     * A plain query rather than a SQL object: JDBI builds a SQL object's extension anew for every {@code withExtension}
     * call, which was a third of the memory a lookup by hash allocated (checkout pages and sockets ask this often).
     */
    public Optional<Transaction> findByHash(String invoiceHash) {
        return jdbi.withHandle(handle -> handle.createQuery(TransactionDao.BY_HASH).bind("hash", invoiceHash)
                .map(TRANSACTION_MAPPER).findOne());
    }

    /** Newest first, one page, with the cursor of the next page when there is one. */
    public TransactionPage list(TransactionQuery query) {
        List<String> where = new ArrayList<>();
        if (query.accountId() != null) where.add("account_id = :accountId");
        if (query.bptId() != null) where.add("bpt_id = :bptId");
        if (query.status() != null) where.add("status = :status");
        if (query.afterSeq() != null) where.add("seq < :afterSeq");
        // H2 walks an index backwards and stops after the page only when ORDER BY names the index's columns from the
        // first: so the filtered column of the index that fits (a constant here, so the order is the same) comes first.
        String indexed = query.bptId() != null ? "bpt_id" : query.accountId() != null ? "account_id"
                : query.status() != null ? "status" : null;
        String sql = "SELECT " + TransactionDao.COLUMNS + " FROM transactions"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY " + (indexed == null ? "" : indexed + " DESC, ") + "seq DESC LIMIT :limit";
        List<Transaction> rows = jdbi.withHandle(handle -> {
            Query q = handle.createQuery(sql).bind("limit", query.limit() + 1);
            if (query.accountId() != null) q.bind("accountId", query.accountId());
            if (query.bptId() != null) q.bind("bptId", query.bptId());
            if (query.status() != null) q.bind("status", query.status().name());
            if (query.afterSeq() != null) q.bind("afterSeq", query.afterSeq());
            return q.map(TRANSACTION_MAPPER).list();
        });
        if (rows.size() <= query.limit()) {
            return new TransactionPage(rows, null);
        }
        List<Transaction> page = rows.subList(0, query.limit());
        return new TransactionPage(List.copyOf(page), Long.toString(page.get(page.size() - 1).seq()));
    }

    /** The watcher's position: the highest node pay_index it has fully processed. */
    public long cursor() {
        return jdbi.withExtension(TransactionDao.class, TransactionDao::cursor);
    }

    /**
     * Records a payment the node reports, found outside the watcher's sequence (reconciliation, expiry). Idempotent
     * on the payment hash: a replay changes nothing and notifies nobody.
     */
    public Optional<Transaction> recordPayment(NodeInvoice paid) {
        Optional<Transaction> settled = jdbi.inTransaction(handle -> settleFromNode(handle, List.of(paid), false).get(0));
        settled.ifPresent(this::announce);
        return settled;
    }

    /**
     * For the watcher: queues a payment the node reports, in pay_index order. Payments arriving together are
     * settled in one database transaction (group commit), the watcher's cursor with them, so a crash can neither
     * skip a payment nor count it twice; each is announced once its batch has committed.
     */
    public CompletableFuture<Optional<Transaction>> submitPayment(NodeInvoice paid) {
        // Back-pressure: when payments arrive faster than they can be settled, the watcher waits here instead of
        // queueing without bound (the node keeps them; the cursor says where to go on).
        unsettled.acquireUninterruptibly();
        return nodePayments.submit(paid)
                .whenComplete((settled, error) -> unsettled.release())
                // In order, on a thread of its own: the writer goes on with the next batch meanwhile.
                .whenCompleteAsync((settled, error) -> {
                    if (settled != null) {
                        settled.ifPresent(this::announce);
                    }
                }, announcer);
    }

    /**
     * Settles a batch of payments the node reports, in one database transaction: one query finds their invoices,
     * and each table is written with one batched statement. Payments for invoices Till did not issue only move the
     * cursor. One result per payment, in order.
     */
    private List<Optional<Transaction>> settleFromNode(Handle handle, List<NodeInvoice> payments, boolean advanceCursor) {
        TransactionDao dao = handle.attach(TransactionDao.class);
        if (advanceCursor) {
            LongSummaryStatistics indexes = payments.stream().map(NodeInvoice::payIndex).filter(Objects::nonNull)
                    .mapToLong(Long::longValue).summaryStatistics();
            if (indexes.getCount() > 0) {
                dao.advanceCursor(indexes.getMin(), indexes.getMax());
            }
        }
        Map<String, Transaction> byHash = new HashMap<>();
        dao.findByHashes(payments.stream().map(NodeInvoice::paymentHash).distinct().toList())
                .forEach(t -> byHash.put(t.invoiceHash(), t));
        List<ReceivedPayment> ours = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<UnmatchedPayment> unmatchedPayments = new ArrayList<>();
        for (int i = 0; i < payments.size(); i++) {
            NodeInvoice paid = payments.get(i);
            Transaction invoice = byHash.get(paid.paymentHash());
            if (invoice != null && invoice.label().equals(paid.reference())) {
                long amountReceived = paid.amountReceivedMsat() != null ? paid.amountReceivedMsat() : invoice.amountMsat();
                // A node invoice is paid once: the same pay_index is a replay; any other is money for an invoice
                // settled without this payment, which must be recorded, not dropped.
                if (invoice.isPaid() && !Objects.equals(invoice.payIndex(), paid.payIndex())) {
                    unmatchedPayments.add(new UnmatchedPayment(Ids.next(), invoice.id(), invoice.seq(), invoice.accountId(),
                            invoice.invoiceHash(), paid.payIndex(), amountReceived, settlementTime(paid), clock.instant()));
                    continue;
                }
                ours.add(new ReceivedPayment(invoice, amountReceived, settlementTime(paid), paid.payIndex()));
                positions.add(i);
            }
        }
        unmatched.record(handle, unmatchedPayments);
        List<Optional<Transaction>> results = new ArrayList<>(Collections.nCopies(payments.size(), Optional.empty()));
        List<Optional<Transaction>> settled = settleWithin(handle, ours);
        for (int j = 0; j < positions.size(); j++) {
            results.set(positions.get(j), settled.get(j));
        }
        return results;
    }

    /**
     * Settles invoices inside the caller's database transaction: marks each paid, credits its account (minus the
     * account's fee) and queues its webhook, all or nothing. One result per payment, in order: empty when the invoice
     * was already paid. After the commit, call {@link #announce(Transaction)} with each result.
     */
    public List<Optional<Transaction>> settleWithin(Handle handle, List<ReceivedPayment> payments) {
        List<Transaction> rows = payments.stream().map(p -> {
            Transaction invoice = p.invoice();
            long fee = accounts.feeFor(handle, invoice.accountId(), p.amountReceivedMsat());
            return invoice.settled(p.paidAt(), p.amountReceivedMsat(), p.amountReceivedMsat() - fee, fee, p.payIndex());
        }).toList();
        int[] updated = rows.isEmpty() ? new int[0] : handle.attach(TransactionDao.class).markPaid(rows);
        // 0 when it was paid already, by an earlier batch or earlier in this one
        List<Optional<Transaction>> results = IntStream.range(0, rows.size())
                .mapToObj(i -> updated[i] == 1 ? Optional.of(rows.get(i)) : Optional.<Transaction>empty()).toList();
        List<Transaction> settled = results.stream().flatMap(Optional::stream).toList();
        accounts.credit(handle, settled.stream().map(t -> new LedgerEntry(t.accountId(), t.receivedMsat(), t.id())).toList());
        outbox.enqueue(handle, settled.stream().filter(t -> t.webhookUrl() != null)
                .map(t -> new NewDelivery(t.id(), t.webhookUrl(), NewDelivery.JSON, webhookBody(t), t.webhookSecret()))
                .toList());
        settled.forEach(t -> hooks.forEach(hook -> hook.changed(handle, t)));
        return results;
    }

    /** The IBEXPay webhook body: the invoice's secret (or empty) and the transaction. */
    private String webhookBody(Transaction settled) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("secret", settled.webhookSecret() == null ? "" : settled.webhookSecret());
        body.put("transaction", TransactionJson.of(settled));
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** After a settlement committed: tells the WebSockets and whoever waits (the webhook is on its way already). */
    public void announce(Transaction settled) {
        log.info("Invoice {} paid: {} msat received, {} msat credited to account {}",
                settled.invoiceHash(), settled.amountReceivedMsat(), settled.receivedMsat(), settled.accountId());
        notifyListeners(settled);
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

    /**
     * Settles or expires the unpaid invoices whose expiry has passed. The node decides: an invoice it reports
     * paid is settled, one it reports expired (or no longer knows) is marked expired, and while the node
     * cannot be asked nothing is marked, so a payment that raced the expiry is never lost.
     */
    public int expireDue() {
        List<Transaction> due = jdbi.withExtension(TransactionDao.class, dao -> dao.dueForExpiry(clock.instant(), 500));
        return eachAlone(due, "Expiring", transaction -> {
            Optional<NodeInvoice> onNode = node.findInvoice(transaction.invoiceHash());
            if (onNode.isPresent() && onNode.get().isPaid()) {
                return recordPayment(onNode.get()).isPresent() ? 1 : 0;
            } else if (onNode.isEmpty() || onNode.get().state() == NodeInvoiceState.EXPIRED) {
                return markExpired(transaction) ? 1 : 0;
            }
            return 0;
        });
    }

    /**
     * Runs {@code step} for each invoice and sums its counts. One invoice whose step fails is logged and left for the
     * next round while the others go on; only the node's being unreachable ends the round (it would fail them all).
     */
    private int eachAlone(List<Transaction> invoices, String what, ToIntFunction<Transaction> step) {
        int changed = 0;
        for (Transaction transaction : invoices) {
            try {
                changed += step.applyAsInt(transaction);
            } catch (NodeException e) {
                throw e;
            } catch (RuntimeException e) {
                log.error("{} invoice {} failed; the others go on, it is tried again next round", what,
                        transaction.invoiceHash(), e);
            }
        }
        return changed;
    }

    private boolean markExpired(Transaction transaction) {
        Optional<Transaction> expired = jdbi.inTransaction(handle -> {
            TransactionDao dao = handle.attach(TransactionDao.class);
            if (dao.markExpired(transaction.id()) == 0) {
                return Optional.<Transaction>empty();
            }
            Transaction now = dao.findById(transaction.id()).orElseThrow();
            hooks.forEach(hook -> hook.changed(handle, now));
            return Optional.of(now);
        });
        expired.ifPresent(this::notifyListeners);
        return expired.isPresent();
    }

    /**
     * Asks the node about every invoice a payment could still arrive for and settles those it reports paid:
     * run at start and after every node outage, so nothing paid while Till or the node was away is missed.
     */
    public int reconcile() {
        List<Transaction> open = jdbi.withExtension(TransactionDao.class,
                dao -> dao.openOrRecentlyExpired(clock.instant().minus(LATE_PAYMENT_WINDOW)));
        return eachAlone(open, "Reconciling", transaction -> {
            Optional<NodeInvoice> onNode = node.findInvoice(transaction.invoiceHash());
            return onNode.isPresent() && onNode.get().isPaid() && recordPayment(onNode.get()).isPresent() ? 1 : 0;
        });
    }

    private void notifyListeners(Transaction transaction) {
        if (transaction.isPaid()) {
            CompletableFuture<Transaction> waiter = paidWaiters.remove(transaction.invoiceHash());
            if (waiter != null) {
                waiter.complete(transaction);
            }
        }
        for (InvoiceListener listener : listeners) {
            try {
                listener.invoiceChanged(transaction);
            } catch (RuntimeException e) {
                log.warn("An invoice listener failed for {}", transaction.invoiceHash(), e);
            }
        }
    }

    @Override
    public void close() {
        newInvoices.close();
        nodePayments.close();
        announcer.shutdown();
    }
}
