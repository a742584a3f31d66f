package till.node.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.InventoryMessage;
import org.bitcoinj.core.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated node's bitcoind, as far as Till's peer sees it: a Bitcoin P2P server on 127.0.0.1 made from bitcoinj's
 * own message classes and serializer, serving a {@link SimChain} (see {@link SimPeerConnection} for what it answers).
 * Each new mempool transaction and each new block (also each block of a reorg's new branch) is announced with an
 * {@code inv} to every connected peer, and the time that {@code inv} went out is kept ({@link #announcedAt}) so that a
 * benchmark can measure how long Till takes to see it. Threads: one accepting, two per connection (reading, writing),
 * at most {@value #MAX_CONNECTIONS} connections.
 */
public final class SimPeerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimPeerServer.class);
    static final int MAX_CONNECTIONS = 8;
    /** Announcement times kept, oldest forgotten first. */
    private static final int ANNOUNCEMENTS_KEPT = 100_000;

    private final SimChain chain;
    private final ServerSocket socket;
    private final Set<SimPeerConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionNumbers = new AtomicInteger();
    private final Map<String, Instant> announced = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > ANNOUNCEMENTS_KEPT;
        }
    };
    private final SimChain.Listener relay = new SimChain.Listener() {
        @Override
        public void transactionAdded(Transaction tx) {
            announce(InventoryMessage.ofTransactions(tx));
        }

        @Override
        public void blockConnected(Block block) {
            if (!tipOnly || chain.tip().getHash().equals(block.getHash())) {
                announce(InventoryMessage.ofBlocks(block));
            }
        }
    };
    private final Thread accepting;
    private volatile boolean tipOnly;
    private volatile boolean closed;

    private SimPeerServer(SimChain chain, ServerSocket socket) {
        this.chain = chain;
        this.socket = socket;
        this.accepting = new Thread(this::accept, "sim-peer-accept");
        accepting.setDaemon(true);
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port) and starts relaying {@code chain}'s news. */
    public static SimPeerServer start(SimChain chain, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        SimPeerServer server = new SimPeerServer(chain, socket);
        chain.addListener(server.relay);
        server.accepting.start();
        log.info("simulated bitcoind peer (regtest) on 127.0.0.1:{}", server.port());
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Connections whose version handshake is done. */
    public int connectionCount() {
        return (int) connections.stream().filter(SimPeerConnection::ready).count();
    }

    /**
     * When the last {@code inv} announcing this transaction id or block hash (hex) was written to a peer's socket;
     * empty if none was (yet).
     */
    public Optional<Instant> announcedAt(String hash) {
        synchronized (announced) {
            return Optional.ofNullable(announced.get(hash));
        }
    }

    /**
     * Announces a block only if it is still the tip by then, as Bitcoin Core does to a peer that did not ask for
     * headers announcements: blocks mined together (or a reorg's new branch) show up as their tip alone, and the peer
     * must fetch the others itself. Off by default: every block is announced.
     */
    public void announceTipOnly(boolean on) {
        tipOnly = on;
    }

    /** Stops listening and drops every connection; the port can be bound again once this returns. */
    @Override
    public void close() {
        closed = true;
        chain.removeListener(relay);
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("simulated peer: closing the listening socket: {}", e.getMessage());
        }
        connections.forEach(SimPeerConnection::close);
        try {
            accepting.join(5_000); // the socket is released only once its accept has returned
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void announced(InventoryMessage inv, Instant at) {
        synchronized (announced) {
            inv.getItems().forEach(item -> announced.put(item.hash.toString(), at));
        }
    }

    void closed(SimPeerConnection connection) {
        connections.remove(connection);
    }

    private void announce(InventoryMessage inv) {
        for (SimPeerConnection connection : connections) {
            if (connection.ready()) {
                connection.send(inv);
            }
        }
    }

    private void accept() {
        while (!closed) {
            Socket accepted;
            try {
                accepted = socket.accept();
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                log.warn("simulated peer: accept failed: {}", e.getMessage());
                continue;
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                log.warn("simulated peer: refusing a connection beyond {}", MAX_CONNECTIONS);
                closeQuietly(accepted);
                continue;
            }
            try {
                // As Bitcoin Core does: an inv or a transaction goes out at once, not held back for the peer's ACK.
                accepted.setTcpNoDelay(true);
            } catch (SocketException e) {
                closeQuietly(accepted);
                continue;
            }
            SimPeerConnection connection = new SimPeerConnection(this, chain, accepted,
                    connectionNumbers.incrementAndGet());
            connections.add(connection);
            if (closed) {
                connection.close();
            } else {
                connection.start();
            }
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("simulated peer: closing a socket: {}", e.getMessage());
        }
    }

}
