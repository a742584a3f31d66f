package till.bitcoin;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.BlockLocator;
import org.bitcoinj.core.GetDataMessage;
import org.bitcoinj.core.GetHeadersMessage;
import org.bitcoinj.core.HeadersMessage;
import org.bitcoinj.core.InventoryItem;
import org.bitcoinj.core.InventoryMessage;
import org.bitcoinj.core.Message;
import org.bitcoinj.core.NotFoundMessage;
import org.bitcoinj.core.Peer;
import org.bitcoinj.core.SendAddrV2Message;
import org.bitcoinj.core.Services;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.UnknownMessage;
import org.bitcoinj.core.VerificationException;
import org.bitcoinj.core.listeners.PreMessageReceivedEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the peer, seen before bitcoinj's {@link Peer} handles anything (a pre-message listener, which
 * bitcoinj calls only when registered on {@code Threading.SAME_THREAD}: everything here runs on the network thread).
 * Transaction {@code inv}s are answered with Till's own {@code getdata} and the transactions reported as they come;
 * bitcoinj's own handling would disconnect when over 100 announced transactions are outstanding. Blocks are fetched
 * with {@link Peer#getBlock} and reported in the order they were asked for, each only once it connects to the blocks
 * already reported; one that does not (blocks were missed) starts a catch-up with {@code getheaders} from the
 * {@link BlockTrail}, whose answer is reported oldest first as it is.
 */
final class PeerSession implements PreMessageReceivedEventListener {
    private static final Logger log = LoggerFactory.getLogger(PeerSession.class);
    /** A longer outage shows the newest day of blocks only, the first of them as not following the last one seen. */
    static final int MAX_CATCH_UP = 144;

    private final Peer peer;
    private final BitcoinNetwork network;
    private final BlockTrail trail;
    private final SightingMapper mapper;
    private final ChainSightings sightings;
    private final Queue<Fetch> fetches = new ArrayDeque<>();
    private final Set<Sha256Hash> fetching = new HashSet<>();
    private boolean catchingUp;

    private record Fetch(Sha256Hash hash, CompletableFuture<Block> block, boolean caughtUp) {
    }

    PeerSession(Peer peer, BitcoinNetwork network, BlockTrail trail, SightingMapper mapper, ChainSightings sightings) {
        this.peer = peer;
        this.network = network;
        this.trail = trail;
        this.mapper = mapper;
        this.sightings = sightings;
    }

    /** After the handshake: blocks mined since the last one seen come first. */
    void catchUpFromTrail() {
        if (!trail.isEmpty()) {
            catchUp();
        }
    }

    @Override
    public Message onPreMessageReceived(Peer from, Message m) {
        try {
            return handle(m);
        } catch (RuntimeException e) { // bitcoinj would drop the connection, and a reconnect would meet it again
            log.warn("bitcoind peer: could not handle {}", m.getClass().getSimpleName(), e);
            return null;
        }
    }

    private Message handle(Message m) {
        if (m instanceof NotFoundMessage) {
            return m; // bitcoinj cancels the getBlock it answers
        } else if (m instanceof InventoryMessage inv) {
            inventory(inv);
        } else if (m instanceof Transaction tx) {
            transaction(tx);
        } else if (m instanceof HeadersMessage headers) {
            headers(headers);
        } else if (m instanceof UnknownMessage || m instanceof SendAddrV2Message) {
            log.debug("bitcoind peer: ignoring {}", m);
        } else {
            return m;
        }
        return null;
    }

    private void inventory(InventoryMessage inv) {
        boolean witness = peer.getPeerVersionMessage().services().has(Services.NODE_WITNESS);
        GetDataMessage getData = new GetDataMessage();
        for (InventoryItem item : inv.getItems()) {
            switch (item.type) {
                case TRANSACTION, WITNESS_TRANSACTION -> getData.addTransaction(item.hash, witness);
                case BLOCK, WITNESS_BLOCK -> {
                    if (!trail.contains(item.hash.toString())) {
                        fetch(item.hash, false);
                    }
                }
                default -> log.debug("bitcoind peer: ignoring inventory item {}", item);
            }
        }
        if (!getData.getItems().isEmpty()) {
            peer.sendMessage(getData);
        }
    }

    private void transaction(Transaction tx) {
        try {
            Transaction.verify(network, tx);
        } catch (VerificationException e) {
            log.debug("bitcoind peer: malformed transaction {}: {}", tx.getTxId(), e.getMessage());
            return;
        }
        SeenTransaction seen = mapper.transaction(tx);
        tell(() -> sightings.transactionSeen(seen));
    }

    private void catchUp() {
        if (catchingUp) {
            return;
        }
        catchingUp = true;
        askHeaders(trail.locator());
    }

    private void askHeaders(BlockLocator locator) {
        peer.sendMessage(new GetHeadersMessage(peer.getVersionMessage().clientVersion, locator, Sha256Hash.ZERO_HASH));
    }

    private void headers(HeadersMessage message) {
        List<Block> headers = message.getBlockHeaders();
        if (headers.size() >= HeadersMessage.MAX_HEADERS) { // more follow: page on, keeping only the newest
            askHeaders(new BlockLocator(List.of(headers.get(headers.size() - 1).getHash())));
            return;
        }
        catchingUp = false;
        for (Block header : headers.subList(Math.max(0, headers.size() - MAX_CATCH_UP), headers.size())) {
            if (!trail.contains(header.getHashAsString())) {
                fetch(header.getHash(), true);
            }
        }
    }

    private void fetch(Sha256Hash hash, boolean caughtUp) {
        if (!fetching.add(hash)) {
            return;
        }
        CompletableFuture<Block> block = peer.getBlock(hash);
        fetches.add(new Fetch(hash, block, caughtUp));
        block.whenComplete((b, e) -> drain());
    }

    /** Reports fetched blocks in the order they were asked for (a not-found block is skipped). */
    private void drain() {
        while (!fetches.isEmpty() && fetches.peek().block().isDone()) {
            Fetch done = fetches.poll();
            fetching.remove(done.hash());
            if (done.block().isCompletedExceptionally()) {
                continue;
            }
            try {
                arrived(done.block().join(), done.caughtUp());
            } catch (RuntimeException e) { // it would vanish in the future's callback
                log.warn("bitcoind peer: could not handle block {}", done.hash(), e);
            }
        }
    }

    private void arrived(Block block, boolean caughtUp) {
        String hash = block.getHashAsString();
        String previous = block.getPrevBlockHash().toString();
        if (trail.contains(hash)) {
            return;
        }
        if (!caughtUp && !trail.connects(previous)) {
            catchUp(); // blocks were missed (or a reorg announced by its tip): fetch the chain from what we know
            return;
        }
        trail.add(hash, previous);
        SeenBlock seen = mapper.block(block);
        tell(() -> sightings.blockSeen(seen));
    }

    /** A sightings implementation must not throw; if it does, the connection must not pay for it. */
    static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("bitcoind peer: the sightings listener failed", e);
        }
    }
}
