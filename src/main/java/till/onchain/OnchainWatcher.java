package till.onchain;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.bitcoin.ChainSightings;
import till.bitcoin.SeenBlock;
import till.bitcoin.SeenTransaction;
import till.node.NodeException;
import till.node.NodeWallet;
import till.task.Pause;

/**
 * Follows the chain for invoices' addresses. The node's wallet is looked at on start, at every new block (a long poll
 * on the node's block height, renewed every {@link #POLL_SECONDS}, and at once when the peer shows a block) and after
 * each poll: it is the truth about confirmed outputs, so a payment made while Till was down is found, and a reorg is
 * followed. The peer's sightings ({@link ChainSightings}) add the mempool. Everything is applied on one thread, in
 * order, so a sighting and a look at the wallet never race. After each look at the wallet, {@code afterLook} runs on
 * that thread too (the settlement of refunds whose sweep went unanswered).
 */
public final class OnchainWatcher implements ChainSightings, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnchainWatcher.class);
    static final int POLL_SECONDS = 30;
    private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final NodeWallet wallet;
    private final OnchainPayments payments;
    private final Runnable afterLook;
    private final ExecutorService worker;
    private final Thread blocks;
    private final Pause pause = new Pause();
    private volatile boolean running = true;
    private volatile Integer lastHeight;
    private volatile OnchainStatus.Peer peer = OnchainStatus.Peer.none;

    public OnchainWatcher(NodeWallet wallet, OnchainPayments payments, Runnable afterLook) {
        this.wallet = wallet;
        this.payments = payments;
        this.afterLook = afterLook;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "onchain-watcher");
            thread.setDaemon(true);
            return thread;
        });
        this.blocks = new Thread(this::followBlocks, "onchain-blocks");
        blocks.setDaemon(true);
    }

    public void start() {
        blocks.start();
    }

    /** A bitcoind peer will report to this watcher: until it connects, it is shown as disconnected. */
    public void expectPeer() {
        peer = OnchainStatus.Peer.disconnected;
    }

    public OnchainStatus status() {
        return new OnchainStatus(payments.confirmations(), lastHeight, peer);
    }

    /** Looks at the node's wallet now (on the watcher's thread) and waits for it: the start, each block. */
    void lookAtWallet() throws InterruptedException {
        try {
            worker.submit(this::walletNow).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void walletNow() {
        int tip = wallet.blockHeight();
        lastHeight = tip;
        int changed = payments.fromWallet(tip, wallet.outputs(false), () -> wallet.outputs(true));
        if (changed > 0) {
            log.debug("The node's wallet at height {}: {} output(s) of charges changed", tip, changed);
        }
        afterLook.run();
    }

    private void followBlocks() {
        Duration backoff = MIN_BACKOFF;
        int height = -1;
        while (running) {
            try {
                if (height < 0) {
                    height = wallet.blockHeight();
                    lookAtWallet();
                    backoff = MIN_BACKOFF;
                }
                height = wallet.awaitBlockHeight(height + 1, POLL_SECONDS);
                // At each new block, and after each poll: a reorg to a chain of the same height changes no height.
                lookAtWallet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (NodeException | RejectedExecutionException e) {
                if (!running) {
                    return;
                }
                log.warn("On-chain: the node's wallet cannot be read ({}); retrying in {} s", e.getMessage(), backoff.toSeconds());
                height = -1;
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (RuntimeException | Error e) {
                if (!running) {
                    return;
                }
                log.error("On-chain watcher error, retrying", e);
                height = -1;
                pause(backoff);
            }
        }
    }

    @Override
    public void transactionSeen(SeenTransaction transaction) {
        onWorker(() -> payments.fromPeer(List.of(transaction)));
    }

    /**
     * Its transactions (a conflict with a pending payment replaces it) with its hash as the last block seen, then the
     * node's wallet, which may know it already.
     */
    @Override
    public void blockSeen(SeenBlock block) {
        onWorker(() -> {
            payments.fromBlock(block);
            walletNow();
        });
    }

    @Override
    public void connected(boolean up) {
        log.info("On-chain: the bitcoind peer is {}", up ? "connected" : "disconnected");
        peer = up ? OnchainStatus.Peer.connected : OnchainStatus.Peer.disconnected;
        if (up) {
            onWorker(this::walletNow);
        }
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    if (!running) {
                        log.debug("Closing: {}", e.toString());
                    } else if (e instanceof NodeException) {
                        log.warn("On-chain: the node's wallet cannot be read ({}); the next block or poll tries again", e.getMessage());
                    } else {
                        log.error("On-chain: applying what the peer showed failed", e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Closing: a sighting of the peer is not applied");
        }
    }

    private void pause(Duration duration) {
        if (!pause.await(duration)) {
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        blocks.interrupt();
        pause.wake();
        worker.shutdownNow();
    }
}
