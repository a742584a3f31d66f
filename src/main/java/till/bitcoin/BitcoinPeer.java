package till.bitcoin;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.Context;
import org.bitcoinj.core.NetworkParameters;
import org.bitcoinj.core.Peer;
import org.bitcoinj.core.PeerAddress;
import org.bitcoinj.core.VersionMessage;
import org.bitcoinj.net.NioClientManager;
import org.bitcoinj.utils.Threading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.bolt11.Network;

/**
 * Till's eye on the operator's bitcoind over the Bitcoin P2P protocol: one bitcoinj {@link Peer} (no block chain, no
 * wallet, no bloom filter; it never sends {@code mempool}) over a {@link NioClientManager}, reconnected every
 * {@link #RETRY} while down with exactly one connection at a time. It reports to {@link ChainSightings}: mempool
 * transactions as bitcoind announces them, blocks as they are mined, and after each (re)connection the blocks mined
 * since the last one seen (see {@link PeerSession}). Two daemon threads: the network thread, which calls the
 * sightings, and one that connects and pings.
 */
public final class BitcoinPeer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BitcoinPeer.class);
    /** Fixed: bitcoinj's PeerGroup back-off grew to the outage's length and opened several connections at once. */
    public static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** A connection that died without a reset is noticed when a ping goes unanswered for this long. */
    private static final Duration PING_EVERY = Duration.ofSeconds(30);

    private final InetSocketAddress address;
    private final BitcoinNetwork network;
    private final NetworkParameters params;
    private final ChainSightings sightings;
    private final SightingMapper mapper;
    private final BlockTrail trail;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean quiet = new AtomicBoolean(); // a failure was already told at WARN
    private volatile boolean closed;
    private volatile Peer peer;
    private volatile boolean up;
    private volatile Keepalive keepalive;
    private ScheduledExecutorService scheduler;
    private NioClientManager manager;

    /**
     * @param address       bitcoind's P2P address; its host name is looked up again at each attempt
     * @param network       the node's network (Bitcoin Core's P2P magic and address prefixes follow it)
     * @param lastBlockHash the last block Till has seen (hex), to catch up from; null: start at the next block
     */
    public BitcoinPeer(InetSocketAddress address, Network network, ChainSightings sightings, String lastBlockHash) {
        this.address = address;
        this.network = network.onchain();
        this.params = NetworkParameters.of(this.network);
        this.sightings = sightings;
        this.mapper = new SightingMapper(this.network);
        this.trail = new BlockTrail(lastBlockHash);
    }

    /** Starts connecting in the background and returns at once; a peer that is down is retried until {@link #close}. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        Context context = new Context();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(() -> {
                Context.propagate(context);
                runnable.run();
            }, "till-bitcoin-peer-connect");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        scheduler = executor;
        manager = new NioClientManager() {
            @Override
            protected String serviceName() { // Guava names the thread after it
                return "till-bitcoin-peer-network";
            }
        };
        scheduler.execute(() -> {
            manager.startAsync().awaitRunning();
            connect();
        });
    }

    /** Whether the connection is up (the version handshake done). */
    public boolean isConnected() {
        return up;
    }

    /** The last block reported (hex), to persist and pass back at the next start; empty before any. */
    public Optional<String> lastBlockHash() {
        return trail.lastHash();
    }

    /** Closes the connection ({@code connected(false)} if it was up) and stops both threads. */
    @Override
    public void close() {
        closed = true;
        if (!started.get()) {
            return;
        }
        scheduler.shutdownNow();
        manager.stopAsync(); // its thread closes the connection on its way out
        try {
            manager.awaitTerminated(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("bitcoind peer {}: the network thread did not stop within 5 s", describe());
        }
    }

    /** On the connect thread: one attempt; its end (failure or disconnection) schedules the next. */
    private void connect() {
        if (closed) {
            return;
        }
        InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
        if (resolved.isUnresolved()) {
            failed("cannot resolve " + address.getHostString());
            retryLater();
            return;
        }
        VersionMessage version = new VersionMessage(params, 0);
        version.appendToSubVer("Till", "1", null);
        Peer attempt = new Peer(params, version, PeerAddress.simple(resolved), null);
        PeerSession session = new PeerSession(attempt, network, trail, mapper, sightings);
        AtomicBoolean ended = new AtomicBoolean();
        Consumer<String> end = why -> {
            if (ended.compareAndSet(false, true)) {
                ended(attempt, why);
            }
        };
        attempt.addPreMessageReceivedEventListener(Threading.SAME_THREAD, session);
        // Up once bitcoind answered a ping after the handshake: it has then taken our verack, and from then on it
        // announces to us (a transaction it saw in between is found when it is mined).
        attempt.addConnectedEventListener(Threading.SAME_THREAD,
                (p, count) -> p.sendPing().whenComplete((rtt, e) -> connected(p, session)));
        attempt.addDisconnectedEventListener(Threading.SAME_THREAD, (p, count) -> end.accept(up ? "connection lost"
                : attempt.getConnectionOpenFuture().isDone() ? "closed before the handshake" : "cannot connect"));
        attempt.setSocketTimeout(HANDSHAKE_TIMEOUT); // bitcoinj turns it off once the handshake is done
        peer = attempt;
        manager.openConnection(resolved, attempt).whenComplete((a, e) -> {
            if (e != null) {
                end.accept(e.getMessage());
            }
        });
    }

    /** On the network thread, after the version handshake and a ping. */
    private void connected(Peer connected, PeerSession session) {
        if (peer != connected) {
            return; // it went away meanwhile
        }
        up = true;
        quiet.set(false);
        VersionMessage theirs = connected.getPeerVersionMessage();
        log.info("bitcoind peer {}: connected ({}, height {})", describe(), theirs.subVer, theirs.bestHeight);
        PeerSession.tell(() -> sightings.connected(true));
        session.catchUpFromTrail();
        Keepalive pinging = new Keepalive(connected);
        keepalive = pinging;
        pinging.start();
    }

    private void ended(Peer attempt, String why) {
        Keepalive stopped = keepalive;
        if (stopped != null) {
            stopped.stop();
        }
        if (peer == attempt) {
            peer = null;
        }
        if (!closed) {
            failed(why);
        }
        if (up) {
            up = false;
            PeerSession.tell(() -> sightings.connected(false));
        }
        retryLater();
    }

    private void failed(String why) {
        if (quiet.compareAndSet(false, true)) {
            log.warn("bitcoind peer {}: {}; retrying every {} s", describe(), why, RETRY.toSeconds());
        } else {
            log.debug("bitcoind peer {}: {}", describe(), why);
        }
    }

    private void retryLater() {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(this::connect, RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Pings now and then; a ping still unanswered at the next one closes the connection, which reconnects. */
    private final class Keepalive implements Runnable {
        private final Peer connected;
        private CompletableFuture<?> pong = CompletableFuture.completedFuture(null);
        private ScheduledFuture<?> task;

        Keepalive(Peer connected) {
            this.connected = connected;
        }

        void start() {
            try {
                task = scheduler.scheduleWithFixedDelay(this, PING_EVERY.toMillis(), PING_EVERY.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }

        void stop() {
            if (task != null) {
                task.cancel(false);
            }
        }

        @Override
        public void run() {
            if (!pong.isDone()) {
                log.debug("bitcoind peer {}: no pong within {} s, reconnecting", describe(), PING_EVERY.toSeconds());
                connected.close();
            } else {
                pong = connected.sendPing();
            }
        }
    }

    private String describe() {
        return address.getHostString() + ":" + address.getPort();
    }
}
