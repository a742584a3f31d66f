package till.node.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.bitcoinj.crypto.ECKey;
import org.eclipse.jetty.server.AbstractConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.files.OwnerOnly;
import till.node.cln.ClnInvoice;
import till.node.cln.ClnResults;

/**
 * A simulated Core Lightning node on regtest: an HTTP server on 127.0.0.1 that speaks clnrest like a real node
 * (plain HTTP; any non-empty rune, where {@code restrict:getinfo,invoice} permits only those methods, see
 * {@link SimRune}), issues real signed BOLT11 invoices, and keeps its key and invoices in
 * {@code dataDir} across restarts. Payments arrive through {@link #pay} or {@code POST /simulator/pay/<hash>}.
 * Its bitcoind is a Bitcoin P2P server on 127.0.0.1 ({@link #peerPort}, see {@link SimPeerServer}).
 */
public final class SimNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimNode.class);
    private static final String HOST = "127.0.0.1";
    /** Long polls send nothing while they wait; Jetty's default 30 s idle timeout would cut them off. */
    private static final Duration IDLE_TIMEOUT = Duration.ofHours(1);

    /** A fresh chain gets the blocks a regtest lab starts with (coinbases mature after 100). */
    static final int FIRST_BLOCKS = 101;

    private final Javalin app;
    private final SimNodeState state;
    private final SimChain chain;
    private final SimPeerServer peer;
    private final SimWallet wallet;
    private final SimJson out;
    private final String nodeId;

    private SimNode(Javalin app, SimNodeState state, SimChain chain, SimPeerServer peer, SimWallet wallet, SimJson out,
                    String nodeId) {
        this.app = app;
        this.state = state;
        this.chain = chain;
        this.peer = peer;
        this.wallet = wallet;
        this.out = out;
        this.nodeId = nodeId;
    }

    /** Starts a node on {@code port} (0: any free port) with its state in {@code dataDir} (created if missing). */
    public static SimNode start(int port, Path dataDir) {
        return start(port, dataDir, Clock.systemUTC());
    }

    /** With a clock of the caller's, so that expiry can be tested by moving time instead of waiting. */
    public static SimNode start(int port, Path dataDir, Clock clock) {
        return start(port, 0, dataDir, clock);
    }

    /** With its bitcoind's P2P port too ({@code peerPort} 0: any free port). */
    public static SimNode start(int port, int peerPort, Path dataDir, Clock clock) {
        SimNodeState state = null;
        SimChain chain = null;
        SimPeerServer peer = null;
        SimWallet wallet = null;
        try {
            OwnerOnly.directory(dataDir);
            ObjectMapper json = new ObjectMapper();
            ECKey key = SimNodeKey.loadOrCreate(dataDir);
            String nodeId = key.getPublicKeyAsHex();
            state = new SimNodeState(dataDir, json, clock, new SimBolt11(key));
            chain = SimChain.open(dataDir);
            if (chain.height() == 0) {
                chain.mine(FIRST_BLOCKS);
            }
            peer = SimPeerServer.start(chain, peerPort);
            SimPeerServer announcing = peer;
            wallet = SimWallet.open(dataDir, chain, key, json);
            SimJson out = new SimJson(json);
            SimRpcMethods methods = new SimRpcMethods(state, wallet, SimChannel.of(key), out, nodeId,
                    dataDir.toAbsolutePath().toString());
            SimNodeRoutes routes = new SimNodeRoutes(methods, state, chain, out);
            Javalin app = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.startup.showOldJavalinVersionWarning = false;
                cfg.http.asyncTimeout = 0; // waits end by their own timeouts
                cfg.jetty.host = HOST;
                cfg.jetty.port = port;
                routes.register(cfg.routes);
                cfg.routes.get("/simulator/onchain/announced/{hash}", ctx -> announced(ctx, announcing));
            });
            app.start();
            for (var connector : app.jettyServer().server().getConnectors()) {
                if (connector instanceof AbstractConnector c) {
                    c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                }
            }
            SimNode node = new SimNode(app, state, chain, peer, wallet, out, nodeId);
            log.info("simulated node {} on {} with {} invoices and {} blocks from {}", nodeId, node.baseUrl(),
                    state.invoiceCount(), chain.height(), dataDir);
            return node;
        } catch (IOException e) {
            closeQuietly(peer, state, chain, wallet);
            throw new UncheckedIOException("cannot start the simulated node in " + dataDir, e);
        } catch (RuntimeException e) {
            closeQuietly(peer, state, chain, wallet);
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    /** For example {@code http://127.0.0.1:3010}. */
    public String baseUrl() {
        return "http://" + HOST + ":" + port();
    }

    /** Its bitcoind's P2P port on 127.0.0.1 (regtest), for {@code TILL_BITCOIN_PEER}. */
    public int peerPort() {
        return peer.port();
    }

    /** Its bitcoind: when it announced a transaction or block to its peers ({@link SimPeerServer#announcedAt}). */
    public SimPeerServer peer() {
        return peer;
    }

    /** The node's public key, hex (compressed). */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Pays one of this node's invoices, as a payer elsewhere on the network would.
     *
     * @param amountMsat null to pay the invoice amount (required for an "any" invoice)
     * @throws java.util.NoSuchElementException no invoice with that payment hash
     * @throws IllegalStateException            "already paid" or "expired"
     * @throws IllegalArgumentException         no amount for an "any" invoice, or an amount that is not positive
     */
    public ClnInvoice pay(String paymentHash, Long amountMsat) {
        SimInvoice paid = state.pay(paymentHash, amountMsat);
        return ClnResults.invoice(out.invoice(paid, state.now()));
    }

    /**
     * The preimage a node of the simulated network uses for an invoice with this payment secret (hex): a bolt11 whose
     * payment hash is its SHA-256 gets it back as the proof of payment when this node pays it.
     */
    public static String networkPreimage(String paymentSecret) {
        return SimPayer.networkPreimage(paymentSecret);
    }

    /** Sets how this node's {@code pay} treats an amount or a payee (see {@link SimPayRule}); journaled. */
    public void payBehaviour(SimPayRule rule) {
        state.payments().setRule(rule);
    }

    /** The simulated bitcoin network this node's wallet is on: the payer's actions, blocks and mempool. */
    public SimChain chain() {
        return chain;
    }

    /**
     * {@code GET /simulator/onchain/announced/<txid or block hash>}: when this node's bitcoind sent its {@code inv}
     * ({@code {"hash", "announcedAt"}}, an ISO-8601 instant), for a benchmark timing how soon Till sees it; 404 if never.
     */
    private static void announced(Context ctx, SimPeerServer peer) {
        String hash = ctx.pathParam("hash");
        peer.announcedAt(hash).ifPresentOrElse(
                at -> ctx.json(Map.of("hash", hash, "announcedAt", at.toString())),
                () -> ctx.status(404).json(Map.of("error", "not announced: " + hash, "code", "not_announced")));
    }

    /** Runs {@code listener} whenever a waitanyinvoice call parks to wait for a payment. */
    void onWaiterParked(Runnable listener) {
        state.onParked(listener);
    }

    @Override
    public void close() {
        app.stop();
        closeQuietly(peer, state, chain, wallet);
    }

    private static void closeQuietly(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                log.warn("simulated node: closing {} failed: {}", part.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    /** {@code till sim-node --port N --peer-port N --data DIR}: runs a simulated node until the process is stopped. */
    public static void runStandalone(String[] args) throws InterruptedException {
        int port = 0;
        int peerPort = 0;
        Path dataDir = Path.of("sim-node");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    usage(System.out);
                    return;
                }
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--peer-port" -> peerPort = Integer.parseInt(value(args, ++i, "--peer-port"));
                case "--data" -> dataDir = Path.of(value(args, ++i, "--data"));
                default -> throw new IllegalArgumentException("unknown option: " + args[i] + " (try --help)");
            }
        }
        SimNode node = start(port, peerPort, dataDir, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "sim-node-shutdown"));
        System.out.println("Simulated Core Lightning node (regtest) listening on " + node.baseUrl()
                + ", node id " + node.nodeId());
        System.out.println("Simulated bitcoind (regtest) P2P peer listening on 127.0.0.1:" + node.peerPort());
        stopped.await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(PrintStream out) {
        out.println("""
                Usage: till sim-node [--port N] [--peer-port N] [--data DIR]
                Runs a simulated Core Lightning node (regtest) speaking clnrest on http://127.0.0.1:N.
                  --port N       port to listen on (default 0: any free port)
                  --peer-port N  its bitcoind's Bitcoin P2P port on 127.0.0.1 (default 0: any free port), for
                                 TILL_BITCOIN_PEER: it announces each new transaction and block
                  --data DIR     where the node key, invoice journal and chain live (default ./sim-node)
                Any non-empty Rune header is accepted. A rune of the form restrict:getinfo,invoice permits only
                the methods listed; others are refused like Core Lightning does (HTTP 401, error 1502).
                POST /simulator/pay/<payment hash> pays an invoice (optional body {"amountMsat": N}).
                POST /simulator/onchain/send {"address": A, "amountSat": N, "replaceable"?: true} pays an address
                on the simulated regtest chain; /simulator/onchain/bump/<txid> {"amountSat"?: N} replaces it (RBF);
                /simulator/onchain/mine {"blocks": N} mines; /simulator/onchain/reorg {"blocks": N, "doubleSpend"?}.
                GET /simulator/onchain/announced/<txid or block hash> tells when the P2P peer sent its inv.
                POST /simulator/pay-behaviour {"amountMsat": N, "code": 205, "pendingSeconds": 5} makes this
                node's pay of N msat stay pending, then fail (see README).""");
    }
}
