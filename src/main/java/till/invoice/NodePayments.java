package till.invoice;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import till.node.NodeInvoice;
import till.store.GroupCommit;
import till.store.Ids;

/**
 * The payments the node reports, into the {@link Settlement}: {@link #submit} for the watcher (batched, the cursor
 * saved with them), {@link #record} for those found outside its sequence (reconciliation, expiry). A payment for an
 * invoice credited already is a replay (its pay_index was recorded) or an {@link UnmatchedPayments unmatched payment}.
 */
public final class NodePayments implements AutoCloseable {
    /** Payments fetched from the node but not yet settled, at most. */
    private static final int MAX_UNSETTLED = 2000;

    private final Jdbi jdbi;
    private final Settlement settlement;
    private final UnmatchedPayments unmatched;
    private final Clock clock;
    private final GroupCommit<NodeInvoice, Optional<Invoice>> writer;
    private final Semaphore unsettled = new Semaphore(MAX_UNSETTLED);

    NodePayments(Jdbi jdbi, Settlement settlement, UnmatchedPayments unmatched, Clock clock) {
        this.jdbi = jdbi;
        this.settlement = settlement;
        this.unmatched = unmatched;
        this.clock = clock;
        // Its writer thread starts with the first payment, not here.
        this.writer = new GroupCommit<>(jdbi, "settlement-writer", (handle, paid) -> fromNode(handle, paid, true));
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
        return writer.submit(paid).whenComplete((settled, error) -> unsettled.release());
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
        Set<String> recorded = recordedForPaidInvoices(dao, payments, byHash);
        List<IncomingPayment> ours = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<UnmatchedPayment> unmatchedPayments = new ArrayList<>();
        for (int i = 0; i < payments.size(); i++) {
            NodeInvoice paid = payments.get(i);
            Invoice invoice = byHash.get(paid.paymentHash());
            if (invoice == null || !invoice.label().equals(paid.reference()) || paid.payIndex() == null) {
                continue;
            }
            long amountReceived = paid.amountReceivedMsat() != null ? paid.amountReceivedMsat() : invoice.amountMsat();
            if (invoice.isCredited()) {
                // A node invoice is paid once: a pay_index recorded already is a replay; any other is money for an
                // invoice credited without this payment (paid another way, on-chain included, even if a reorg has
                // moved it back since), which must be recorded, not dropped.
                if (!recorded.contains(Long.toString(paid.payIndex()))) {
                    unmatchedPayments.add(UnmatchedPayment.lightning(Ids.next(), invoice, paid.payIndex(), amountReceived,
                            settlementTime(paid), clock.instant()));
                }
                continue;
            }
            ours.add(IncomingPayment.lightning(invoice, paid.payIndex(), amountReceived, settlementTime(paid)));
            positions.add(i);
        }
        unmatched.record(handle, unmatchedPayments);
        List<Optional<Invoice>> results = new ArrayList<>(Collections.nCopies(payments.size(), Optional.empty()));
        List<Optional<Invoice>> settled = settlement.apply(handle, ours);
        for (int j = 0; j < positions.size(); j++) {
            results.set(positions.get(j), settled.get(j));
        }
        return results;
    }

    /** The pay indexes already recorded among those for invoices credited already: asked only when there are such. */
    private static Set<String> recordedForPaidInvoices(InvoiceDao dao, List<NodeInvoice> payments, Map<String, Invoice> byHash) {
        List<String> references = payments.stream()
                .filter(p -> p.payIndex() != null && byHash.containsKey(p.paymentHash()) && byHash.get(p.paymentHash()).isCredited())
                .map(p -> Long.toString(p.payIndex())).toList();
        return references.isEmpty() ? Set.of() : new HashSet<>(dao.recordedLightning(references));
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
        writer.close();
    }
}
