package till.node.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.Network;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.base.exceptions.AddressFormatException;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutPoint;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.params.RegTestParams;
import org.bitcoinj.script.ScriptBuilder;
import till.files.OwnerOnly;

/**
 * The simulated node's bitcoin network: a regtest block chain on top of bitcoinj's regtest genesis, a mempool, and a
 * payer elsewhere on the network who sends to any address. Everything is a real bitcoinj object: transactions are
 * signed segwit transactions (the payer's spend made-up funding outpoints of its own), blocks are solved regtest
 * blocks with a BIP34 coinbase first. It survives restarts: every change is journaled ({@code chain.jsonl}, raw hex,
 * owner-only) before it is visible.
 *
 * <p>API contract (all methods thread-safe):
 * <ul>
 *   <li>Payer: {@link #send} → txid (payment at vout 1, the payer's change at vout 0), {@link #bump} → the
 *       replacement's txid (BIP125: same inputs, higher fee; refused unless the tx is a replaceable payer tx in the
 *       mempool), {@link #mine} → the new blocks' hashes (the first takes the whole mempool), {@link #reorg}.</li>
 *   <li>Views for a P2P server: {@link #height}, {@link #tip}, {@link #blockAt}, {@link #block} (also blocks that
 *       left the best chain), {@link #heightOf}, {@link #headersAfter} (getheaders), {@link #mempool},
 *       {@link #mempoolTransaction}, {@link #network}.</li>
 *   <li>{@link Listener}s are called outside the chain's lock, one event at a time, in the order the events
 *       happened: {@code transactionAdded} for a transaction entering the mempool fresh (send, bump, a node's
 *       withdraw; not for a transaction a reorg returns), {@code blockConnected} for every block that becomes the
 *       tip, including each block of a reorg's new branch, oldest first. Listeners must not block for long.</li>
 *   <li>For the simulated node's wallet: {@link #broadcast}, {@link #everMined}, {@link #confirmedHeight},
 *       {@link #spender}, {@link #atHeight}.</li>
 * </ul>
 */
public final class SimChain implements AutoCloseable {
    /** What a P2P server relays. */
    public interface Listener {
        void transactionAdded(Transaction tx);

        void blockConnected(Block block);
    }

    /** A payer's request this chain cannot carry out: {@link #field} names the input at fault. */
    public static final class InvalidInput extends IllegalArgumentException {
        private final String field;

        InvalidInput(String field, String message) {
            super(message);
            this.field = field;
        }

        /** "address", "amountSat" or "blocks". */
        public String field() {
            return field;
        }
    }

    /** Where an output went: the spending transaction and whether it is mined in the best chain. */
    public record Spender(Sha256Hash txid, boolean confirmed) { }

    static final String FILE_NAME = SimChainJournal.FILE_NAME;
    /** The payer's fee: about 10 sat/vB for a one-input, two-output segwit transaction; a bump adds as much again. */
    private static final Coin PAYER_FEE = Coin.valueOf(1_410);
    /** What the payer's funding holds beyond the payment, so that bumps can raise the fee and the amount. */
    private static final Coin PAYER_MARGIN = Coin.valueOf(1_000_000);
    /** 21 million bitcoin: no amount can be larger. */
    public static final long MAX_SAT = 21_000_000L * 100_000_000L;
    /** The most blocks one mine or reorg call makes (their timestamps run a second apart, ahead of the clock). */
    public static final int MAX_BLOCKS_PER_CALL = 1000;
    private static final int MAX_HEADERS = 2000;
    private static final int HALVING_INTERVAL = 150;


    private static final Network NETWORK = BitcoinNetwork.REGTEST;
    private static final ECKey PAYER = fixedKey("till simulated payer");
    private static final ECKey MINER = fixedKey("till simulated miner");

    private final SecureRandom random = new SecureRandom();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Address payerAddress = PAYER.toAddress(ScriptType.P2WPKH, NETWORK);

    // Guarded by this.
    private final List<Block> best = new ArrayList<>();
    private final Map<Sha256Hash, Integer> bestHeights = new HashMap<>();
    private final Map<Sha256Hash, Block> blocks = new HashMap<>();
    private final LinkedHashMap<Sha256Hash, Transaction> pool = new LinkedHashMap<>();
    private final Map<TransactionOutPoint, Sha256Hash> poolSpends = new HashMap<>();
    private final Map<TransactionOutPoint, Sha256Hash> chainSpends = new HashMap<>();
    private final Map<Sha256Hash, Integer> txHeights = new HashMap<>();
    private final LinkedHashMap<Sha256Hash, Transaction> mined = new LinkedHashMap<>();
    private final Map<TransactionOutPoint, Coin> payerFunds = new HashMap<>();
    private final TreeMap<Integer, List<CompletableFuture<Integer>>> heightWaiters = new TreeMap<>();
    private boolean replaying;

    /** Events to hand to listeners, in order; drained under {@link #deliveryLock} so that order holds across threads. */
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private final Object deliveryLock = new Object();

    private SimChainJournal journal;

    private SimChain() {
        Block genesis = RegTestParams.get().getGenesisBlock();
        best.add(genesis);
        bestHeights.put(genesis.getHash(), 0);
        blocks.put(genesis.getHash(), genesis);
    }

    /** Opens (or creates) the chain kept in {@code dataDir}. */
    public static SimChain open(Path dataDir) throws IOException {
        OwnerOnly.directory(dataDir);
        SimChain chain = new SimChain();
        synchronized (chain) {
            chain.replaying = true;
            chain.journal = SimChainJournal.open(dataDir, chain.replay());
            chain.replaying = false;
            chain.pending.clear();
        }
        return chain;
    }

    public Network network() {
        return NETWORK;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    // ---- the payer ----------------------------------------------------------------------------------------------

    /**
     * The payer pays {@code amountSat} to {@code address} (any regtest address); the transaction enters the mempool.
     *
     * @param replaceable signals BIP125 (nSequence 0xfffffffd), so that {@link #bump} may replace it
     * @throws InvalidInput not a regtest address, or an amount that is dust or beyond 21 M BTC
     */
    public String send(String address, long amountSat, boolean replaceable) {
        Address to = parse(address);
        Coin amount = checkedAmount(amountSat, to);
        byte[] fundingTxid = new byte[32];
        random.nextBytes(fundingTxid);
        TransactionOutPoint funding = new TransactionOutPoint(0, Sha256Hash.wrap(fundingTxid));
        Coin funds = amount.add(PAYER_FEE).add(PAYER_MARGIN);
        Transaction tx;
        synchronized (this) {
            payerFunds.put(funding, funds);
            tx = payerSpend(List.of(funding), funds, amount, to, PAYER_FEE, replaceable);
            journal.added(tx, Map.of(funding, funds));
            addToPool(tx, true);
        }
        deliver();
        return tx.getTxId().toString();
    }

    /**
     * Replaces a payer's transaction that is in the mempool (RBF): the same inputs, a higher fee, the same payee,
     * {@code amountSat} to it (null: the same amount). The replacement is replaceable too.
     *
     * @throws NoSuchElementException   no such transaction in the mempool
     * @throws IllegalStateException    not replaceable, or not the payer's
     * @throws InvalidInput             the amount is dust, or more than the payer's funding covers
     */
    public String bump(String txid, Long amountSat) {
        Transaction replacement;
        synchronized (this) {
            Transaction original = pool.get(hash(txid));
            if (original == null) {
                throw new NoSuchElementException("transaction " + txid + " is not in the mempool");
            }
            if (!payers(original)) {
                throw new IllegalStateException("transaction " + txid + " is not the payer's");
            }
            if (original.getInputs().stream().noneMatch(in -> in.getSequenceNumber() < 0xfffffffeL)) {
                throw new IllegalStateException("transaction " + txid + " does not signal replaceability (BIP125)");
            }
            TransactionOutput payment = paymentOutput(original);
            Address to = payment.getScriptPubKey().getToAddress(NETWORK);
            Coin amount = amountSat == null ? payment.getValue() : checkedAmount(amountSat, to);
            List<TransactionOutPoint> inputs = original.getInputs().stream().map(TransactionInput::getOutpoint).toList();
            Coin funds = inputs.stream().map(payerFunds::get).reduce(Coin.ZERO, Coin::add);
            Coin fee = funds.subtract(original.getOutputSum()).add(PAYER_FEE);
            if (amount.add(fee).isGreaterThan(funds)) {
                throw new InvalidInput("amountSat", "the payer's funding (" + funds.value + " sat) does not cover "
                        + amount.value + " sat and a fee of " + fee.value + " sat");
            }
            replacement = payerSpend(inputs, funds, amount, to, fee, true);
            journal.dropped(original.getTxId());
            removeFromPool(original.getTxId());
            journal.added(replacement, Map.of());
            addToPool(replacement, true);
        }
        deliver();
        return replacement.getTxId().toString();
    }

    /**
     * Mines {@code count} blocks on the tip; the first takes every mempool transaction.
     *
     * @throws InvalidInput count below 1
     */
    public List<String> mine(int count) {
        if (count < 1) {
            throw new InvalidInput("blocks", "blocks must be at least 1");
        }
        List<String> hashes = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                Block block = nextBlock(i == 0 ? poolInOrder() : List.of());
                journal.connected(block);
                connect(block);
                hashes.add(block.getHashAsString());
            }
        }
        deliver();
        return hashes;
    }

    /**
     * Replaces the last {@code depth} blocks by {@code depth + 1} new ones. The old blocks' transactions go back to
     * the mempool (the new blocks leave them out); with {@code doubleSpend} the payer's ones are double-spent
     * instead: a conflicting transaction paying the payer back is mined in the first new block, so the originals
     * (and whatever spends them) can never confirm. Answers the new height.
     *
     * @throws InvalidInput depth below 1 or beyond the last block after genesis
     */
    public int reorg(int depth, boolean doubleSpend) {
        int height;
        synchronized (this) {
            int tip = best.size() - 1;
            if (depth < 1 || depth > tip) {
                throw new InvalidInput("blocks", "blocks must be between 1 and " + tip + ", the blocks after genesis");
            }
            List<Transaction> leaving = new ArrayList<>();
            for (Block block : best.subList(best.size() - depth, best.size())) {
                leaving.addAll(block.getTransactions().subList(1, block.getTransactions().size()));
            }
            for (int i = 0; i < depth; i++) {
                journal.disconnected();
                disconnect();
            }
            List<Transaction> conflicts = new ArrayList<>();
            Set<Sha256Hash> gone = new HashSet<>();
            for (Transaction tx : leaving) {
                if (doubleSpend && payers(tx)) {
                    conflicts.add(payerRefund(tx));
                    gone.add(tx.getTxId());
                } else if (spendsAny(tx, gone)) {
                    gone.add(tx.getTxId());
                } else {
                    journal.added(tx, Map.of());
                    addToPool(tx, false);
                }
            }
            for (Transaction tx : new ArrayList<>(pool.values())) {
                if (spendsAny(tx, gone)) {
                    gone.add(tx.getTxId());
                    journal.dropped(tx.getTxId());
                    removeFromPool(tx.getTxId());
                }
            }
            for (int i = 0; i <= depth; i++) {
                Block block = nextBlock(i == 0 ? conflicts : List.of());
                journal.connected(block);
                connect(block);
            }
            height = best.size() - 1;
        }
        deliver();
        return height;
    }

    // ---- views ----------------------------------------------------------------------------------------------

    /** The best block's height (genesis: 0). */
    public synchronized int height() {
        return best.size() - 1;
    }

    public synchronized Block tip() {
        return best.get(best.size() - 1);
    }

    /** The best chain's block at {@code height}. */
    public synchronized Optional<Block> blockAt(int height) {
        return height >= 0 && height < best.size() ? Optional.of(best.get(height)) : Optional.empty();
    }

    /** Any block this chain ever had, also one that a reorg took out of the best chain. */
    public synchronized Optional<Block> block(Sha256Hash hash) {
        return Optional.ofNullable(blocks.get(hash));
    }

    /** The height of a block of the best chain; empty when it is not in it. */
    public synchronized OptionalInt heightOf(Sha256Hash blockHash) {
        Integer height = bestHeights.get(blockHash);
        return height == null ? OptionalInt.empty() : OptionalInt.of(height);
    }

    /**
     * getheaders: the headers of the best chain after the first {@code locator} hash that is in it (after genesis
     * when none is), oldest first, up to and including {@code stop} (null or zero: no stop), at most 2000.
     */
    public synchronized List<Block> headersAfter(List<Sha256Hash> locator, Sha256Hash stop) {
        int from = 0;
        for (Sha256Hash hash : locator) {
            Integer height = bestHeights.get(hash);
            if (height != null) {
                from = height;
                break;
            }
        }
        List<Block> headers = new ArrayList<>();
        for (int h = from + 1; h < best.size() && headers.size() < MAX_HEADERS; h++) {
            Block block = best.get(h);
            headers.add(block.cloneAsHeader());
            if (block.getHash().equals(stop)) {
                break;
            }
        }
        return headers;
    }

    /** The mempool, in the order transactions entered it. */
    public synchronized List<Transaction> mempool() {
        return List.copyOf(pool.values());
    }

    public synchronized Optional<Transaction> mempoolTransaction(Sha256Hash txid) {
        return Optional.ofNullable(pool.get(txid));
    }

    // ---- for the simulated node's wallet ---------------------------------------------------------------------

    /**
     * Puts a transaction of the node's own into the mempool (withdraw) and announces it.
     *
     * @throws IllegalStateException an input is already spent in the best chain or the mempool
     */
    public String broadcast(Transaction tx) {
        synchronized (this) {
            for (TransactionInput input : tx.getInputs()) {
                Optional<Spender> spender = spender(input.getOutpoint());
                if (spender.isPresent()) {
                    throw new IllegalStateException(input.getOutpoint() + " is already spent by " + spender.get().txid());
                }
            }
            journal.added(tx, Map.of());
            addToPool(tx, true);
        }
        deliver();
        return tx.getTxId().toString();
    }

    /** Every transaction that was ever mined, in or out of the best chain now, in the order first mined. */
    public synchronized List<Transaction> everMined() {
        return List.copyOf(mined.values());
    }

    /** The height of the best-chain block that holds {@code txid}; empty when none does. */
    public synchronized Optional<Integer> confirmedHeight(Sha256Hash txid) {
        return Optional.ofNullable(txHeights.get(txid));
    }

    /** The transaction that spends {@code outpoint} in the best chain, else in the mempool. */
    public synchronized Optional<Spender> spender(TransactionOutPoint outpoint) {
        Sha256Hash confirmed = chainSpends.get(outpoint);
        if (confirmed != null) {
            return Optional.of(new Spender(confirmed, true));
        }
        return Optional.ofNullable(poolSpends.get(outpoint)).map(txid -> new Spender(txid, false));
    }

    /** Completes with the height once the best chain reaches {@code height} (at once if it has). */
    public synchronized CompletableFuture<Integer> atHeight(int height) {
        if (height() >= height) {
            return CompletableFuture.completedFuture(height());
        }
        CompletableFuture<Integer> waiter = new CompletableFuture<>();
        heightWaiters.computeIfAbsent(height, h -> new ArrayList<>()).add(waiter);
        waiter.whenComplete((v, e) -> forgetWaiter(height, waiter));
        return waiter;
    }

    private synchronized void forgetWaiter(int height, CompletableFuture<Integer> waiter) {
        List<CompletableFuture<Integer>> list = heightWaiters.get(height);
        if (list != null && list.remove(waiter) && list.isEmpty()) {
            heightWaiters.remove(height);
        }
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }

    // ---- the payer's transactions --------------------------------------------------------------------------

    private Transaction payerSpend(List<TransactionOutPoint> inputs, Coin funds, Coin amount, Address to, Coin fee,
                                   boolean replaceable) {
        Coin change = funds.subtract(amount).subtract(fee);
        List<SimSpend.Output> outputs = new ArrayList<>();
        if (!new TransactionOutput(null, change, payerAddress).isDust()) {
            outputs.add(new SimSpend.Output(change, payerAddress));
        }
        outputs.add(new SimSpend.Output(amount, to));
        return SimSpend.build(payerInputs(inputs), outputs, replaceable);
    }

    /** A conflicting transaction: the same inputs back to the payer, at a higher fee than the original's. */
    private Transaction payerRefund(Transaction original) {
        List<TransactionOutPoint> inputs = original.getInputs().stream().map(TransactionInput::getOutpoint).toList();
        Coin funds = inputs.stream().map(payerFunds::get).reduce(Coin.ZERO, Coin::add);
        Coin fee = funds.subtract(original.getOutputSum()).add(PAYER_FEE);
        return SimSpend.build(payerInputs(inputs),
                List.of(new SimSpend.Output(funds.subtract(fee), payerAddress)), false);
    }

    private List<SimSpend.Input> payerInputs(List<TransactionOutPoint> outpoints) {
        return outpoints.stream().map(o -> new SimSpend.Input(o, payerFunds.get(o),
                ScriptBuilder.createP2WPKHOutputScript(PAYER), PAYER)).toList();
    }

    private boolean payers(Transaction tx) {
        return tx.getInputs().stream().allMatch(in -> payerFunds.containsKey(in.getOutpoint()));
    }

    private TransactionOutput paymentOutput(Transaction tx) {
        return tx.getOutputs().stream()
                .filter(out -> !payerAddress.equals(out.getScriptPubKey().getToAddress(NETWORK)))
                .findFirst().orElseThrow();
    }

    private static Address parse(String address) {
        try {
            return AddressParser.getDefault(NETWORK).parseAddress(address);
        } catch (AddressFormatException e) {
            throw new InvalidInput("address", "not a regtest address: " + address);
        }
    }

    private static Coin checkedAmount(long amountSat, Address to) {
        if (amountSat <= 0 || amountSat > MAX_SAT) {
            throw new InvalidInput("amountSat", "amountSat must be between 1 and " + MAX_SAT);
        }
        Coin amount = Coin.valueOf(amountSat);
        if (new TransactionOutput(null, amount, to).isDust()) {
            throw new InvalidInput("amountSat", amountSat + " sat to " + to + " is dust");
        }
        return amount;
    }

    // ---- blocks ------------------------------------------------------------------------------------------------

    /**
     * A solved block on the tip: a BIP34 coinbase, then {@code txs}. Solved here rather than with {@link Block#solve}
     * because that wants a bitcoinj Context on the calling thread; at regtest's target every other nonce does.
     */
    private Block nextBlock(List<Transaction> txs) {
        Block tip = best.get(best.size() - 1);
        int height = best.size();
        byte[] extraNonce = new byte[8];
        random.nextBytes(extraNonce);
        Transaction coinbase = Transaction.coinbase(
                new ScriptBuilder().number(height).data(extraNonce).build().program());
        coinbase.addOutput(Coin.FIFTY_COINS.shiftRight(height / HALVING_INTERVAL), MINER);
        List<Transaction> all = new ArrayList<>();
        all.add(coinbase);
        all.addAll(txs);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant time = now.isAfter(tip.time()) ? now : tip.time().plusSeconds(1);
        Sha256Hash merkleRoot = new Block(Block.BLOCK_VERSION_BIP65, tip.getHash(), null, time,
                tip.getDifficultyTarget(), 0, all).getMerkleRoot();
        for (long nonce = 0; ; nonce++) {
            Block block = new Block(Block.BLOCK_VERSION_BIP65, tip.getHash(), merkleRoot, time,
                    tip.getDifficultyTarget(), nonce, all);
            if (block.getHash().toBigInteger().compareTo(block.getDifficultyTargetAsInteger()) <= 0) {
                return block;
            }
        }
    }

    /** The mempool with every transaction after those it spends from. */
    private List<Transaction> poolInOrder() {
        List<Transaction> ordered = new ArrayList<>();
        Set<Sha256Hash> placed = new HashSet<>();
        List<Transaction> waiting = new ArrayList<>(pool.values());
        while (!waiting.isEmpty()) {
            int before = waiting.size();
            waiting.removeIf(tx -> {
                boolean ready = tx.getInputs().stream().map(in -> in.getOutpoint().hash())
                        .allMatch(parent -> !pool.containsKey(parent) || placed.contains(parent));
                if (ready) {
                    ordered.add(tx);
                    placed.add(tx.getTxId());
                }
                return ready;
            });
            if (waiting.size() == before) {
                throw new IllegalStateException("the mempool has a dependency cycle");
            }
        }
        return ordered;
    }

    private static boolean spendsAny(Transaction tx, Set<Sha256Hash> txids) {
        return tx.getInputs().stream().anyMatch(in -> txids.contains(in.getOutpoint().hash()));
    }

    // ---- the primitive changes: journaled, then applied; replay applies the same ones ----------------------

    private void addToPool(Transaction tx, boolean announce) {
        pool.put(tx.getTxId(), tx);
        tx.getInputs().forEach(in -> poolSpends.put(in.getOutpoint(), tx.getTxId()));
        if (announce) {
            notifyListeners(l -> l.transactionAdded(tx));
        }
    }

    /** Removes a transaction and, since they can no longer be mined, whatever in the mempool spends from it. */
    private void removeFromPool(Sha256Hash txid) {
        Transaction tx = pool.remove(txid);
        if (tx == null) {
            return;
        }
        tx.getInputs().forEach(in -> poolSpends.remove(in.getOutpoint(), txid));
        for (Transaction child : new ArrayList<>(pool.values())) {
            if (spendsAny(child, Set.of(txid))) {
                removeFromPool(child.getTxId());
            }
        }
    }

    private void connect(Block block) {
        int height = best.size();
        best.add(block);
        bestHeights.put(block.getHash(), height);
        blocks.put(block.getHash(), block);
        for (Transaction tx : block.getTransactions().subList(1, block.getTransactions().size())) {
            for (TransactionInput input : tx.getInputs()) {
                Sha256Hash rival = poolSpends.get(input.getOutpoint());
                if (rival != null && !rival.equals(tx.getTxId())) {
                    removeFromPool(rival);
                }
            }
            removeFromPool(tx.getTxId());
            tx.getInputs().forEach(in -> chainSpends.put(in.getOutpoint(), tx.getTxId()));
            txHeights.put(tx.getTxId(), height);
            mined.putIfAbsent(tx.getTxId(), tx);
        }
        notifyListeners(l -> l.blockConnected(block));
        var reached = heightWaiters.headMap(height, true);
        List<CompletableFuture<Integer>> woken = new ArrayList<>();
        reached.values().forEach(woken::addAll);
        reached.clear();
        if (!woken.isEmpty()) {
            pending.add(() -> woken.forEach(f -> f.complete(height)));
        }
    }

    private void disconnect() {
        Block block = best.remove(best.size() - 1);
        bestHeights.remove(block.getHash());
        for (Transaction tx : block.getTransactions().subList(1, block.getTransactions().size())) {
            tx.getInputs().forEach(in -> chainSpends.remove(in.getOutpoint(), tx.getTxId()));
            txHeights.remove(tx.getTxId());
        }
    }

    private void notifyListeners(Consumer<Listener> event) {
        if (!replaying) {
            pending.add(() -> listeners.forEach(event));
        }
    }

    /** Runs the queued events outside the chain's lock, in order, one thread at a time. */
    private void deliver() {
        synchronized (deliveryLock) {
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = pending.poll();
                }
                if (next == null) {
                    return;
                }
                next.run();
            }
        }
    }

    // ---- journal ---------------------------------------------------------------------------------------------

    /** Replay applies the same primitive changes the journal recorded, under the chain's lock (held by open). */
    private SimChainJournal.Changes replay() {
        return new SimChainJournal.Changes() {
            @Override
            public void added(Transaction tx, Map<TransactionOutPoint, Coin> funds) {
                payerFunds.putAll(funds);
                addToPool(tx, false);
            }

            @Override
            public void dropped(Sha256Hash txid) {
                removeFromPool(txid);
            }

            @Override
            public void connected(Block block) {
                connect(block);
            }

            @Override
            public void disconnected() {
                disconnect();
            }
        };
    }

    private static Sha256Hash hash(String hex) {
        try {
            return Sha256Hash.wrap(hex);
        } catch (IllegalArgumentException e) {
            throw new NoSuchElementException("not a txid: " + hex);
        }
    }

    private static ECKey fixedKey(String seed) {
        return ECKey.fromPrivate(Sha256Hash.hash(seed.getBytes(StandardCharsets.UTF_8)));
    }
}
