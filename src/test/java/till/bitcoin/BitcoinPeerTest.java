package till.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.Await;
import till.bolt11.Network;
import till.node.Outpoint;
import till.node.sim.SimChain;
import till.node.sim.SimPeerServer;

/** Till's bitcoind peer against the simulated node's P2P server, over real loopback sockets. */
class BitcoinPeerTest {
    private static final Duration SOON = Duration.ofSeconds(10);
    private static final String ADDRESS = new ECKey().toAddress(ScriptType.P2WPKH, BitcoinNetwork.REGTEST).toString();

    @TempDir
    Path dir;

    private SimChain chain;
    private SimPeerServer server;
    private BitcoinPeer peer;
    private final Sightings seen = new Sightings();

    /** What the peer reports, in order. */
    private static final class Sightings implements ChainSightings {
        final List<SeenTransaction> transactions = new CopyOnWriteArrayList<>();
        final List<SeenBlock> blocks = new CopyOnWriteArrayList<>();
        final List<Boolean> connections = new CopyOnWriteArrayList<>();

        @Override
        public void transactionSeen(SeenTransaction transaction) {
            transactions.add(transaction);
        }

        @Override
        public void blockSeen(SeenBlock block) {
            blocks.add(block);
        }

        @Override
        public void connected(boolean up) {
            connections.add(up);
        }

        Optional<SeenTransaction> transaction(String txid) {
            return transactions.stream().filter(t -> t.txid().equals(txid)).findFirst();
        }

        List<String> blockHashes() {
            return blocks.stream().map(SeenBlock::hash).toList();
        }

        boolean up() {
            return !connections.isEmpty() && connections.get(connections.size() - 1);
        }
    }

    @BeforeEach
    void openChain() throws IOException {
        chain = SimChain.open(dir);
    }

    @AfterEach
    void closeAll() throws IOException {
        if (peer != null) {
            peer.close();
        }
        if (server != null) {
            server.close();
        }
        chain.close();
    }

    private void connect(String lastBlockHash) throws IOException {
        if (server == null) {
            server = SimPeerServer.start(chain, 0);
        }
        peer = new BitcoinPeer(new InetSocketAddress("127.0.0.1", server.port()), Network.REGTEST, seen, lastBlockHash);
        peer.start();
        Await.until("the peer connected", SOON, () -> seen.up() && server.connectionCount() == 1);
    }

    private SeenTransaction awaitTransaction(String txid) {
        Await.until("transaction " + txid + " seen", SOON, () -> seen.transaction(txid).isPresent());
        return seen.transaction(txid).orElseThrow();
    }

    @Test
    void aSentTransactionIsSeenWithItsOutputsAndWhatItSpends() throws IOException {
        connect(null);
        String txid = chain.send(ADDRESS, 123_456, false);

        SeenTransaction tx = awaitTransaction(txid);
        List<SeenTransaction.Output> toUs = tx.outputs().stream().filter(o -> ADDRESS.equals(o.address())).toList();
        assertEquals(1, toUs.size(), "one output pays the address: " + tx);
        assertEquals(123_456, toUs.get(0).amountSat());
        assertEquals(tx.outputs().indexOf(toUs.get(0)), toUs.get(0).vout());
        assertTrue(tx.outputs().stream().allMatch(o -> o.address() != null && o.address().startsWith("bcrt1")), tx.toString());
        var spent = chain.mempoolTransaction(org.bitcoinj.base.Sha256Hash.wrap(txid)).orElseThrow().getInput(0).getOutpoint();
        assertEquals(List.of(new Outpoint(spent.hash().toString(), (int) spent.index())), tx.spends());
        assertFalse(tx.replaceable());
        assertTrue(server.announcedAt(txid).isPresent(), "the inv's time is kept for the benchmark");
    }

    @Test
    void anRbfBumpIsSeenSpendingTheSameOutpoint() throws IOException {
        connect(null);
        String original = chain.send(ADDRESS, 50_000, true);
        assertTrue(awaitTransaction(original).replaceable());

        String bumped = chain.bump(original, 60_000L);

        SeenTransaction replacement = awaitTransaction(bumped);
        assertNotEquals(original, bumped);
        Set<Outpoint> shared = replacement.spends().stream()
                .filter(seen.transaction(original).orElseThrow().spends()::contains).collect(Collectors.toSet());
        assertFalse(shared.isEmpty(), "the replacement spends what the original spent");
        assertTrue(replacement.outputs().stream().anyMatch(o -> ADDRESS.equals(o.address()) && o.amountSat() == 60_000));
    }

    @Test
    void aMinedBlockIsSeenWithItsTransactions() throws IOException {
        connect(null);
        String genesis = chain.tip().getHashAsString();
        String txid = chain.send(ADDRESS, 10_000, false);
        awaitTransaction(txid);

        String hash = chain.mine(1).get(0);

        Await.until("the block seen", SOON, () -> seen.blockHashes().contains(hash));
        SeenBlock block = seen.blocks.get(0);
        assertEquals(hash, block.hash());
        assertEquals(genesis, block.previousHash());
        assertTrue(block.transactions().get(0).spends().isEmpty(), "the coinbase spends nothing");
        assertTrue(block.transactions().stream().anyMatch(t -> t.txid().equals(txid)), "the payment is in it");
        assertEquals(Optional.of(hash), peer.lastBlockHash());
    }

    @Test
    void aRestartedPeerIsReconnectedWithOneConnectionAndTheBlocksMinedMeanwhileCaughtUpOldestFirst() throws IOException {
        connect(null);
        String first = chain.mine(1).get(0);
        Await.until("the first block seen", SOON, () -> seen.blockHashes().contains(first));
        int port = server.port();

        server.close();
        Await.until("the peer noticed", SOON, () -> !seen.up());
        List<String> meanwhile = chain.mine(3);
        server = SimPeerServer.start(chain, port);

        Await.until("reconnected", Duration.ofSeconds(5), () -> seen.up() && server.connectionCount() == 1);
        Await.until("caught up", SOON, () -> seen.blocks.size() == 4);
        List<String> expected = new ArrayList<>(List.of(first));
        expected.addAll(meanwhile);
        assertEquals(expected, seen.blockHashes());
        for (int i = 1; i < seen.blocks.size(); i++) {
            assertEquals(seen.blocks.get(i - 1).hash(), seen.blocks.get(i).previousHash(), "each follows the last seen");
        }
        assertEquals(List.of(true, false, true), seen.connections);
        assertEquals(1, server.connectionCount());
    }

    @Test
    void aPeerDownAtStartIsRetriedEveryTwoSecondsUntilItListens() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        peer = new BitcoinPeer(new InetSocketAddress("127.0.0.1", port), Network.REGTEST, seen, null);
        peer.start();
        // Then something that is not bitcoind listens there: each attempt it sees is one more retry.
        List<Long> attempts = new CopyOnWriteArrayList<>();
        Thread acceptor;
        try (ServerSocket notBitcoind = new ServerSocket()) {
            notBitcoind.setReuseAddress(true);
            notBitcoind.bind(new InetSocketAddress("127.0.0.1", port));
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        notBitcoind.accept().close();
                        attempts.add(System.nanoTime());
                    }
                } catch (IOException closed) {
                    // done
                }
            });
            acceptor.start();
            Await.until("two more attempts", Duration.ofSeconds(10), () -> attempts.size() >= 2);
            long apart = Duration.ofNanos(attempts.get(1) - attempts.get(0)).toMillis();
            assertTrue(apart >= 1_500 && apart < 3_000, "retried after " + apart + " ms");
        }
        acceptor.join(); // the port is free only once its accept has returned
        assertFalse(peer.isConnected());
        assertTrue(seen.connections.isEmpty());

        server = SimPeerServer.start(chain, port);

        Await.until("connected", Duration.ofSeconds(5), () -> seen.up() && server.connectionCount() == 1);
        assertEquals(List.of(true), seen.connections);
    }

    @Test
    void startingFromALastBlockCatchesUpOnTheBlocksAfterIt() throws IOException {
        List<String> mined = chain.mine(4);

        connect(mined.get(1));

        Await.until("caught up", SOON, () -> seen.blocks.size() == 2);
        assertEquals(mined.subList(2, 4), seen.blockHashes());
        assertEquals(mined.get(1), seen.blocks.get(0).previousHash());
    }

    @Test
    void aReorgShowsAsABlockWhosePreviousIsNotTheLastSeen() throws IOException {
        connect(null);
        List<String> mined = chain.mine(3);
        Await.until("three blocks", SOON, () -> seen.blocks.size() == 3);

        chain.reorg(2, false);

        Await.until("the new branch", SOON, () -> seen.blocks.size() == 6);
        SeenBlock forked = seen.blocks.get(3);
        assertNotEquals(mined.get(2), forked.previousHash());
        assertEquals(mined.get(0), forked.previousHash(), "it forks off the block before the two reorged out");
        assertEquals(chain.tip().getHashAsString(), seen.blocks.get(5).hash());
        assertEquals(Optional.of(chain.tip().getHashAsString()), peer.lastBlockHash());
    }
}
