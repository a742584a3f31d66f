package till.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.Await;
import till.ChildProcess;
import till.bolt11.Network;
import till.node.sim.SimNode;

/** The simulated node runs its bitcoind's P2P port, embedded and as {@code till sim-node --peer-port N}. */
class SimNodePeerTest {
    private static final Duration SOON = Duration.ofSeconds(10);
    private static final String ADDRESS = new ECKey().toAddress(ScriptType.P2WPKH, BitcoinNetwork.REGTEST).toString();

    @TempDir
    Path dir;

    private static final class Sightings implements ChainSightings {
        final List<String> txids = new CopyOnWriteArrayList<>();
        final List<SeenBlock> blocks = new CopyOnWriteArrayList<>();
        volatile boolean up;

        @Override
        public void transactionSeen(SeenTransaction transaction) {
            txids.add(transaction.txid());
        }

        @Override
        public void blockSeen(SeenBlock block) {
            blocks.add(block);
        }

        @Override
        public void connected(boolean up) {
            this.up = up;
        }
    }

    @Test
    void theEmbeddedNodesPeerAnnouncesItsPayerAndItsBlocks() {
        Sightings seen = new Sightings();
        try (SimNode node = SimNode.start(0, dir);
             BitcoinPeer peer = new BitcoinPeer(new InetSocketAddress("127.0.0.1", node.peerPort()), Network.REGTEST,
                     seen, node.chain().tip().getHashAsString())) {
            peer.start();
            Await.until("connected", SOON, () -> seen.up);

            String txid = node.chain().send(ADDRESS, 25_000, true);
            Await.until("the payment seen", SOON, () -> seen.txids.contains(txid));
            assertTrue(node.peer().announcedAt(txid).isPresent());
            String block = node.chain().mine(1).get(0);
            Await.until("the block seen", SOON, () -> !seen.blocks.isEmpty());
            assertEquals(block, seen.blocks.get(0).hash());
            assertTrue(seen.blocks.get(0).transactions().stream().anyMatch(t -> t.txid().equals(txid)));
        }
    }

    @Test
    void theStandaloneNodeListensForPeersOnItsPeerPort() throws Exception {
        int port = ChildProcess.freePort();
        int peerPort = ChildProcess.freePort();
        Sightings seen = new Sightings();
        try (ChildProcess node = ChildProcess.start(List.of("sim-node", "--port", Integer.toString(port),
                        "--peer-port", Integer.toString(peerPort), "--data", dir.resolve("node").toString()),
                Map.of(), dir.resolve("sim-node.log"), "P2P peer listening on 127.0.0.1:" + peerPort);
             BitcoinPeer peer = new BitcoinPeer(new InetSocketAddress("127.0.0.1", peerPort), Network.REGTEST, seen, null)) {
            peer.start();
            Await.until("connected", SOON, () -> seen.up);

            String txid = send(port);
            Await.until("the payment seen", SOON, () -> seen.txids.contains(txid));
            HttpResponse<String> announced = get(port, "/simulator/onchain/announced/" + txid);
            assertEquals(200, announced.statusCode(), announced.body());
            assertTrue(announced.body().matches(".*\"announcedAt\":\"20\\d\\d-.*Z\".*"), announced.body());
            assertEquals(404, get(port, "/simulator/onchain/announced/" + "00".repeat(32)).statusCode());
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String send(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/simulator/onchain/send"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"" + ADDRESS + "\",\"amountSat\":30000}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body().replaceAll(".*\"txid\"\\s*:\\s*\"([0-9a-f]{64})\".*", "$1");
    }
}
