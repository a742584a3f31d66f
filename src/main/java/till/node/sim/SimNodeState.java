package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The simulated node's invoices: created, paid, listed and waited for. Every change is journaled (and on disk)
 * before it becomes visible; waiters are plain futures, so a long poll holds no thread.
 */
final class SimNodeState implements AutoCloseable {
    /** Mints a new invoice (preimage, secret, signed bolt11) for the given terms. */
    interface Minter {
        /** A new signed invoice, not yet numbered: signing is the slow part, so it happens outside the lock. */
        SimInvoice mint(String label, Long amountMsat, String description, boolean hashOnly, long expirySeconds, long now);
    }

    private static final String CREATED = "invoice_created";
    private static final String PAID = "invoice_paid";
    private static final String DELETED = "invoice_deleted";

    private final ObjectMapper json;
    private final Clock clock;
    private final Minter minter;
    private final SimJournal journal;
    private final SimPayments payments;

    private final SimInvoiceIndex invoices = new SimInvoiceIndex();

    /** waitanyinvoice callers, keyed by their lastpay_index. */
    private final TreeMap<Long, List<CompletableFuture<SimInvoice>>> anyWaiters = new TreeMap<>();
    /** Told whenever a waitanyinvoice call starts waiting (lets tests await a parked long poll). */
    private volatile Runnable onParked = () -> { };
    /** waitinvoice callers, keyed by payment hash. */
    private final Map<String, List<CompletableFuture<SimInvoice>>> invoiceWaiters = new HashMap<>();

    SimNodeState(Path dataDir, ObjectMapper json, Clock clock, Minter minter) throws IOException {
        this.json = json;
        this.clock = clock;
        this.minter = minter;
        this.payments = new SimPayments(json, this::append);
        this.journal = SimJournal.open(dataDir, json, this::replay);
    }

    /** Outgoing payments share the invoices' journal, so one file holds the whole node. */
    SimPayments payments() {
        return payments;
    }

    private void append(JsonNode event) {
        journal.append(event);
    }

    long nowMillis() {
        return clock.millis();
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    SimInvoice create(String label, Long amountMsat, String description, boolean hashOnly, long expirySeconds) {
        SimInvoice minted = minter.mint(label, amountMsat, description, hashOnly, expirySeconds, now());
        synchronized (this) {
            if (invoices.byLabel(label).isPresent()) {
                throw SimRpcError.rpc(900, "Duplicate label '" + label + "'");
            }
            SimInvoice invoice = minted.numbered(invoices.lastCreatedIndex() + 1);
            ObjectNode event = json.valueToTree(invoice);
            event.put("event", CREATED);
            journal.append(event);
            invoices.put(invoice);
            return invoice;
        }
    }

    /**
     * Records a payment of {@code amountMsat} (null: the invoice amount) and wakes whoever waits for it.
     *
     * @throws NoSuchElementException   no such invoice
     * @throws IllegalStateException    "already paid" or "expired"
     * @throws IllegalArgumentException the amount is missing for an "any" invoice, or not positive
     */
    SimInvoice pay(String paymentHash, Long amountMsat) {
        SimInvoice paid;
        List<CompletableFuture<SimInvoice>> woken = new ArrayList<>();
        synchronized (this) {
            SimInvoice invoice = invoices.byHash(paymentHash)
                    .orElseThrow(() -> new NoSuchElementException("no invoice with payment hash " + paymentHash));
            long now = now();
            switch (invoice.status(now)) {
                case "paid" -> throw new IllegalStateException("already paid");
                case "expired" -> throw new IllegalStateException("expired");
                default -> { }
            }
            long amount = checkedAmount(invoice, amountMsat);
            paid = invoice.paid(invoices.lastPayIndex() + 1, amount, now, invoices.lastUpdatedIndex() + 1);
            ObjectNode event = json.createObjectNode()
                    .put("event", PAID)
                    .put("paymentHash", paymentHash)
                    .put("payIndex", paid.payIndex())
                    .put("amountReceivedMsat", amount)
                    .put("paidAt", now)
                    .put("updatedIndex", paid.updatedIndex());
            journal.append(event);
            invoices.put(paid);
            var satisfied = anyWaiters.headMap(paid.payIndex(), false);
            satisfied.values().forEach(woken::addAll);
            satisfied.clear();
            woken.addAll(invoiceWaiters.getOrDefault(paymentHash, List.of()));
            invoiceWaiters.remove(paymentHash);
        }
        // Outside the lock: completing runs the waiters' HTTP answers.
        woken.forEach(f -> f.complete(paid));
        return paid;
    }

    /**
     * Core Lightning's delinvoice: removes the invoice with this label if its status is {@code status}, as it was
     * just before; whoever waits for it (waitinvoice) is told it was deleted.
     *
     * @throws SimRpcError 905 no such invoice; 906 another status, with {@code current_status} and
     *                     {@code expected_status} as the error's data
     */
    SimInvoice delete(String label, String status) {
        SimInvoice deleted;
        List<CompletableFuture<SimInvoice>> woken;
        synchronized (this) {
            deleted = invoices.byLabel(label).orElseThrow(() -> SimRpcError.rpc(905, "Unknown invoice"));
            String actual = deleted.status(now());
            if (!actual.equals(status)) {
                ObjectNode data = json.createObjectNode().put("current_status", actual).put("expected_status", status);
                throw new SimRpcError(500, 906, "Invoice status is " + actual + " not " + status, data);
            }
            journal.append(json.createObjectNode().put("event", DELETED).put("paymentHash", deleted.paymentHash()));
            invoices.remove(deleted);
            woken = invoiceWaiters.getOrDefault(deleted.paymentHash(), List.of());
            invoiceWaiters.remove(deleted.paymentHash());
        }
        woken.forEach(f -> f.completeExceptionally(SimRpcError.rpc(-1, "Invoice deleted during wait")));
        return deleted;
    }

    private static long checkedAmount(SimInvoice invoice, Long amountMsat) {
        if (amountMsat == null) {
            if (invoice.amountMsat() == null) {
                throw new IllegalArgumentException("an 'any' invoice needs an amount");
            }
            return invoice.amountMsat();
        }
        if (amountMsat <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        // BOLT 4: more than twice the amount asked is refused, as Core Lightning does (no gross overpayment).
        if (invoice.amountMsat() != null && amountMsat - invoice.amountMsat() > invoice.amountMsat()) {
            throw new IllegalArgumentException("amount " + amountMsat + " msat is more than twice the invoice's "
                    + invoice.amountMsat() + " msat");
        }
        // A real node refuses less than the invoice amount; the simulator allows it on purpose, so that tests
        // and demos can check that Till credits what the node actually received.
        return amountMsat;
    }

    synchronized Optional<SimInvoice> byHash(String paymentHash) {
        return invoices.byHash(paymentHash);
    }

    synchronized Optional<SimInvoice> byLabel(String label) {
        return invoices.byLabel(label);
    }

    /** Invoices in creation order, from {@code start} (a created_index), at most {@code limit}, matching {@code filter}. */
    synchronized List<SimInvoice> byCreation(long start, long limit, Predicate<SimInvoice> filter) {
        return invoices.byCreation(start, limit, filter);
    }

    /** Updated invoices in updated_index order from {@code start}, at most {@code limit}. */
    synchronized List<SimInvoice> byUpdate(long start, long limit) {
        return invoices.byUpdate(start, limit);
    }

    /** The first invoice paid with a pay_index above {@code lastPayIndex}, now or once it is paid. */
    synchronized CompletableFuture<SimInvoice> nextPaidAfter(long lastPayIndex) {
        Optional<SimInvoice> next = invoices.paidAfter(lastPayIndex);
        if (next.isPresent()) {
            return CompletableFuture.completedFuture(next.get());
        }
        CompletableFuture<SimInvoice> waiter = new CompletableFuture<>();
        anyWaiters.computeIfAbsent(lastPayIndex, k -> new ArrayList<>()).add(waiter);
        waiter.whenComplete((v, e) -> forget(anyWaiters, lastPayIndex, waiter));
        onParked.run();
        return waiter;
    }

    /**
     * The invoice once it is paid; completes with the unpaid invoice when it expires first (or has already).
     */
    synchronized CompletableFuture<SimInvoice> paidOrExpired(SimInvoice invoice) {
        SimInvoice current = invoices.byHash(invoice.paymentHash()).orElseThrow();
        long now = now();
        if (!"unpaid".equals(current.status(now))) {
            return CompletableFuture.completedFuture(current);
        }
        CompletableFuture<SimInvoice> waiter = new CompletableFuture<>();
        invoiceWaiters.computeIfAbsent(current.paymentHash(), k -> new ArrayList<>()).add(waiter);
        waiter.whenComplete((v, e) -> forget(invoiceWaiters, current.paymentHash(), waiter));
        // Expiry is "now > expires_at", so the wait ends a second after expires_at.
        return waiter.completeOnTimeout(current, current.expiresAt() + 1 - now, TimeUnit.SECONDS);
    }

    private synchronized <K> void forget(Map<K, List<CompletableFuture<SimInvoice>>> waiters, K key,
                                         CompletableFuture<SimInvoice> waiter) {
        List<CompletableFuture<SimInvoice>> list = waiters.get(key);
        if (list != null && list.remove(waiter) && list.isEmpty()) {
            waiters.remove(key);
        }
    }

    private void replay(JsonNode event) {
        try {
            switch (event.path("event").asText()) {
                case CREATED -> {
                    ObjectNode fields = ((ObjectNode) event).deepCopy();
                    fields.remove("event");
                    invoices.put(json.treeToValue(fields, SimInvoice.class));
                }
                case PAID -> {
                    invoices.byHash(event.path("paymentHash").asText()).ifPresent(invoice -> invoices.put(
                            invoice.paid(event.path("payIndex").asLong(), event.path("amountReceivedMsat").asLong(),
                                    event.path("paidAt").asLong(), event.path("updatedIndex").asLong())));
                }
                case DELETED -> {
                    invoices.byHash(event.path("paymentHash").asText()).ifPresent(invoices::remove);
                }
                default -> payments.replay(event);
            }
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("unreadable journal event: " + e.getMessage(), e);
        }
    }

    void onParked(Runnable listener) {
        this.onParked = listener;
    }

    synchronized int invoiceCount() {
        return invoices.size();
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
