package till;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.bitcoin.BitcoinPeer;
import till.bitcoin.ChainSightings;
import till.bolt11.Network;
import till.node.LightningNode;
import till.node.NodeInfo;
import till.task.RepeatingTask;

/**
 * Starts the bitcoind peer on the node's network: at once when the node answered at start, else as soon as it
 * answers (asked every {@link #RETRY}), so that a node down when Till starts does not leave Till without the mempool
 * for good.
 */
final class PeerStarter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerStarter.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final LightningNode node;
    private final InetSocketAddress address;
    private final ChainSightings sightings;
    private final String lastBlockHash;
    private final RepeatingTask retry;
    private BitcoinPeer peer;
    private boolean closed;

    /** {@code lastBlockHash}: the last block the peer showed before, to catch up from (null: none). */
    PeerStarter(LightningNode node, InetSocketAddress address, ChainSightings sightings, String lastBlockHash) {
        this.node = node;
        this.address = address;
        this.sightings = sightings;
        this.lastBlockHash = lastBlockHash;
        this.retry = new RepeatingTask("bitcoin-peer-start", RETRY, this::whenNodeAnswers);
    }

    /** {@code known}: what the node said at start, or null when it did not answer. */
    void start(NodeInfo known) {
        if (known != null) {
            startPeer(known.network());
        } else {
            log.warn("On-chain: the node's network is not known yet; the bitcoind peer {} starts once the node answers", address);
            retry.start(RETRY);
        }
    }

    private void whenNodeAnswers() {
        synchronized (this) {
            if (peer != null || closed) {
                return;
            }
        }
        startPeer(node.info().network());
    }

    private synchronized void startPeer(String clnNetwork) {
        if (closed || peer != null) {
            return;
        }
        peer = new BitcoinPeer(address, Network.fromClnName(clnNetwork), sightings, lastBlockHash);
        peer.start();
        log.info("On-chain: following bitcoind's mempool and blocks at {}:{}", address.getHostString(), address.getPort());
    }

    @Override
    public void close() {
        retry.close();
        BitcoinPeer started;
        synchronized (this) {
            closed = true;
            started = peer;
        }
        if (started != null) {
            started.close();
        }
    }
}
