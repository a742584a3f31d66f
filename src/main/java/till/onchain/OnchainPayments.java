package till.onchain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import till.bitcoin.SeenBlock;
import till.bitcoin.SeenTransaction;
import till.invoice.IncomingPayment.State;
import till.invoice.Invoice;
import till.invoice.InvoiceCore;
import till.invoice.InvoiceDao;
import till.node.NodeWallet;
import till.node.Outpoint;
import till.node.WalletOutput;

/**
 * Invoices' on-chain payments: their addresses, the outputs paying them, and how those change. The node's view of
 * its wallet ({@link #fromWallet}) is the truth about confirmed outputs; the peer's sightings ({@link #fromPeer}) add
 * unconfirmed ones and replacements. Each change is one database transaction with the invoices' settlement
 * ({@link till.invoice.Settlement#resettle}): status derived again from all outputs, credit once, hooks, events.
 */
public final class OnchainPayments {
    /** Below this depth (or the configured one, if deeper) an output is still followed: a reorg could undo it. */
    static final int REORG_DEPTH = 6;
    /** Rows per IN list. */
    private static final int CHUNK = 500;

    private final Jdbi jdbi;
    private final InvoiceCore core;
    private final Clock clock;
    private final int confirmations;
    private final Optional<NodeWallet> wallet;

    /**
     * {@code confirmations}: the depth at which an output counts as confirmed (0: as soon as it is seen); {@code wallet}:
     * where new invoices' addresses come from, empty when on-chain payments are off (the outputs recorded before are
     * still read).
     */
    public OnchainPayments(InvoiceCore core, int confirmations, Optional<NodeWallet> wallet) {
        this.jdbi = core.jdbi();
        this.core = core;
        this.clock = core.clock();
        this.confirmations = confirmations;
        this.wallet = wallet;
    }

    /** The depth at which an output counts as confirmed (TILL_ONCHAIN_CONFIRMATIONS). */
    public int confirmations() {
        return confirmations;
    }

    /** A new address of the node's wallet for an invoice about to be made; empty when on-chain payments are off. */
    public Optional<String> newAddress() {
        return wallet.map(NodeWallet::newAddress);
    }

    /** Outputs at least this deep are no longer followed. */
    int followedDepth() {
        return Math.max(confirmations, REORG_DEPTH);
    }

    /** Inside the caller's transaction: gives the invoice its address (a payment request of rail onchain). */
    public void addAddress(Handle handle, String invoiceId, String address) {
        handle.attach(OnchainDao.class).insertAddress(invoiceId, address);
    }

    /** Inside the caller's transaction: the invoice's address, if it has one. */
    public Optional<String> address(Handle handle, String invoiceId) {
        return handle.attach(OnchainDao.class).address(invoiceId);
    }

    /** Each invoice's address, for those that have one. */
    public Map<String, String> addresses(List<String> invoiceIds) {
        Map<String, String> addresses = new HashMap<>();
        jdbi.useExtension(OnchainDao.class, dao -> chunks(invoiceIds).forEach(chunk -> dao.addresses(chunk)
                .forEach(a -> addresses.put(a.transactionId(), a.reference()))));
        return addresses;
    }

    /** Each invoice's outputs (replaced ones included), first seen first. */
    public Map<String, List<ChainPayment>> payments(Handle handle, List<String> invoiceIds) {
        Map<String, List<ChainPayment>> payments = new HashMap<>();
        OnchainDao dao = handle.attach(OnchainDao.class);
        chunks(invoiceIds).forEach(chunk -> dao.ofInvoices(chunk)
                .forEach(p -> payments.computeIfAbsent(p.invoiceId(), id -> new ArrayList<>()).add(p)));
        return payments;
    }

    public Map<String, List<ChainPayment>> payments(List<String> invoiceIds) {
        return jdbi.withHandle(handle -> payments(handle, invoiceIds));
    }

    /**
     * For refunds, inside the caller's database transaction: an underpaid invoice becomes refunded (final: no later
     * output changes it), with its hooks (the charge's callback) and, after the commit, its event. Empty when the invoice
     * is not underpaid (nothing written).
     */
    public Optional<Invoice> markRefunded(Handle handle, String invoiceId) {
        if (handle.attach(OnchainDao.class).markRefunded(invoiceId) == 0) {
            return Optional.empty();
        }
        Invoice refunded = handle.attach(InvoiceDao.class).findById(invoiceId).orElseThrow();
        core.events().changing(handle, refunded);
        handle.afterCommit(() -> core.events().changed(refunded));
        return Optional.of(refunded);
    }

    /**
     * The node's wallet at block height {@code tip}: records the unspent outputs that pay an invoice's address, follows
     * those already recorded (deeper, reorged out: back to pending with no confirmation, spent: their depth from the
     * block that mined them, asking {@code withSpent} only then) and settles the invoices that changed. Answers how
     * many outputs changed.
     */
    public int fromWallet(int tip, List<WalletOutput> unspent, Supplier<List<WalletOutput>> withSpent) {
        return jdbi.inTransaction(handle -> {
            OnchainDao dao = handle.attach(OnchainDao.class);
            Map<String, String> invoiceOf = invoicesOf(dao, unspent.stream().map(WalletOutput::address).toList());
            List<WalletOutput> ours = unspent.stream().filter(o -> o.address() != null && invoiceOf.containsKey(o.address())).toList();
            Map<String, ChainPayment> known = new HashMap<>();
            chunks(ours.stream().map(o -> o.outpoint().toString()).toList())
                    .forEach(chunk -> dao.byReferences(chunk).forEach(p -> known.put(p.reference(), p)));
            Map<String, ChainPayment> followed = new LinkedHashMap<>();
            dao.tracked(tip - followedDepth()).forEach(p -> followed.put(p.reference(), p));
            Changes changes = new Changes();
            Set<String> listed = new LinkedHashSet<>();
            for (WalletOutput output : ours) {
                String reference = output.outpoint().toString();
                listed.add(reference);
                ChainPayment before = known.get(reference);
                if (before == null) {
                    int depth = output.confirmations(tip);
                    State state = stateAt(depth);
                    Instant now = clock.instant();
                    changes.insert(new ChainPayment(invoiceOf.get(output.address()), output.outpoint(), output.amountMsat(),
                            state, depth, height(output), now, state == State.confirmed ? now : null));
                } else if (!(before.state() == State.replaced && output.state() != WalletOutput.State.CONFIRMED)) {
                    changes.update(before, followed(before, output.confirmations(tip), height(output)));
                }
            }
            List<ChainPayment> missing = followed.values().stream()
                    .filter(p -> !listed.contains(p.reference()) && p.blockHeight() != null).toList();
            if (!missing.isEmpty()) {
                // Mined once, now gone from the unspent outputs: spent by the node (a refund, a channel, a withdrawal).
                // It keeps its state; its depth is counted from the block that mined it, until it is deep enough.
                Map<String, WalletOutput> all = withSpent.get().stream()
                        .collect(Collectors.toMap(o -> o.outpoint().toString(), Function.identity(), (a, b) -> a));
                for (ChainPayment p : missing) {
                    WalletOutput output = all.get(p.reference());
                    if (output != null && output.state() == WalletOutput.State.SPENT) {
                        changes.update(p, p.with(p.state(), Math.max(0, tip - p.blockHeight() + 1), p.blockHeight(), p.settledAt()));
                    }
                }
            }
            return changes.write(handle, dao);
        });
    }

    /**
     * Transactions the peer showed (entering its mempool, or in a block): each one spending an outpoint that a pending
     * transaction paying a charge spends replaces that one (an RBF replacement, a double-spend: its outputs count nothing
     * any more); each output paying an invoice's address is recorded (pending, or confirmed when no confirmation is
     * required), with the outpoints its transaction spends. Answers how many outputs changed.
     */
    public int fromPeer(List<SeenTransaction> transactions) {
        return jdbi.inTransaction(handle -> fromPeer(handle, transactions));
    }

    /** A block the peer showed: its transactions as {@link #fromPeer}, and its hash saved as the last block seen, together. */
    public int fromBlock(SeenBlock block) {
        return jdbi.inTransaction(handle -> {
            int changed = fromPeer(handle, block.transactions());
            handle.attach(OnchainDao.class).saveLastBlockHash(block.hash());
            return changed;
        });
    }

    /** The last block the peer showed (saved by {@link #fromBlock}), for it to catch up from after a restart. */
    public Optional<String> lastBlockHash() {
        return Optional.ofNullable(jdbi.withExtension(OnchainDao.class, OnchainDao::lastBlockHash));
    }

    private int fromPeer(Handle handle, List<SeenTransaction> transactions) {
        OnchainDao dao = handle.attach(OnchainDao.class);
        Changes changes = new Changes();
        Map<String, List<String>> spenders = new HashMap<>();
        chunks(transactions.stream().flatMap(t -> t.spends().stream()).map(Outpoint::toString).distinct().toList())
                .forEach(chunk -> dao.spendsOf(chunk).forEach(s -> spenders.computeIfAbsent(s.outpoint(), k -> new ArrayList<>()).add(s.txid())));
        Set<String> replaced = new LinkedHashSet<>();
        for (SeenTransaction transaction : transactions) {
            transaction.spends().forEach(spent -> spenders.getOrDefault(spent.toString(), List.of()).stream()
                    .filter(txid -> !txid.equals(transaction.txid())).forEach(replaced::add));
        }
        for (String txid : replaced) {
            dao.ofTransaction(txid).stream().filter(p -> p.state() != State.replaced)
                    .forEach(p -> changes.update(p, p.with(State.replaced, 0, null, null)));
        }
        if (!replaced.isEmpty()) {
            dao.forgetSpends(List.copyOf(replaced));
        }
        Map<String, String> invoiceOf = invoicesOf(dao, transactions.stream().flatMap(t -> t.outputs().stream())
                .map(SeenTransaction.Output::address).toList());
        Instant now = clock.instant();
        for (SeenTransaction transaction : transactions) {
            List<ChainPayment> paying = transaction.outputs().stream()
                    .filter(o -> o.address() != null && invoiceOf.containsKey(o.address()))
                    .map(o -> new ChainPayment(invoiceOf.get(o.address()), new Outpoint(transaction.txid(), o.vout()),
                            o.amountSat() * 1000, stateAt(0), 0, null, now, stateAt(0) == State.confirmed ? now : null))
                    .toList();
            if (paying.isEmpty()) {
                continue;
            }
            paying.forEach(changes::insert);
            if (!transaction.spends().isEmpty()) {
                dao.insertSpends(transaction.spends().stream().map(Outpoint::toString).toList(), transaction.txid());
            }
        }
        return changes.write(handle, dao);
    }

    /** An output followed further: depth and block from the node; back to pending, with no block, when it left the chain. */
    private ChainPayment followed(ChainPayment before, int depth, Integer blockHeight) {
        State state = stateAt(depth);
        Instant settledAt = state != State.confirmed ? null : before.settledAt() != null ? before.settledAt() : clock.instant();
        return before.with(state, depth, blockHeight, settledAt);
    }

    private State stateAt(int depth) {
        return depth >= confirmations ? State.confirmed : State.pending;
    }

    private static Integer height(WalletOutput output) {
        return output.state() == WalletOutput.State.CONFIRMED ? output.blockHeight() : null;
    }

    private static Map<String, String> invoicesOf(OnchainDao dao, List<String> addresses) {
        Map<String, String> invoiceOf = new HashMap<>();
        chunks(addresses.stream().filter(a -> a != null).distinct().toList())
                .forEach(chunk -> dao.invoicesOf(chunk).forEach(a -> invoiceOf.put(a.reference(), a.transactionId())));
        return invoiceOf;
    }

    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < values.size(); i += CHUNK) {
            chunks.add(values.subList(i, Math.min(values.size(), i + CHUNK)));
        }
        return chunks;
    }

    /** What one look at the chain changed: written together, then the invoices whose outputs changed state are settled. */
    private final class Changes {
        private final Map<String, ChainPayment> inserts = new LinkedHashMap<>();
        private final Map<String, ChainPayment> updates = new LinkedHashMap<>();
        private final Set<String> invoices = new LinkedHashSet<>();
        private final Set<String> buried = new LinkedHashSet<>();

        void insert(ChainPayment payment) {
            if (inserts.putIfAbsent(payment.reference(), payment) == null) {
                invoices.add(payment.invoiceId());
            }
        }

        void update(ChainPayment before, ChainPayment after) {
            if (after.equals(before) || before.confirmations() >= followedDepth() && after.state() == before.state()
                    && Objects.equals(after.blockHeight(), before.blockHeight())) {
                return;
            }
            updates.put(after.reference(), after);
            if (after.state() != before.state()) {
                invoices.add(after.invoiceId());
            }
            if (after.confirmations() >= followedDepth()) {
                buried.add(after.outpoint().txid());
            }
        }

        int write(Handle handle, OnchainDao dao) {
            int[] fresh = inserts.isEmpty() ? new int[0] : dao.insert(List.copyOf(inserts.values()));
            if (!updates.isEmpty()) {
                dao.update(List.copyOf(updates.values()));
            }
            if (!buried.isEmpty()) {
                dao.forgetSpends(List.copyOf(buried));
            }
            core.settlement().resettle(handle, invoices);
            int inserted = 0;
            for (int f : fresh) {
                inserted += f;
            }
            return inserted + updates.size();
        }
    }
}
