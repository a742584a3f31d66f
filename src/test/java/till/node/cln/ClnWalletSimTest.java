package till.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.node.InvoiceDescription;
import till.node.Liquidity;
import till.node.NodeChannel;
import till.node.Outpoint;
import till.node.SweepRefusedException;
import till.node.WalletOutput;
import till.node.sim.SimChain;
import till.node.sim.SimNode;

/**
 * {@link ClnNode} as the node's wallet against the simulated node over HTTP: addresses, outputs, heights, sweeps and
 * what became of swept outputs.
 */
class ClnWalletSimTest {
    private static final String ELSEWHERE = new ECKey().toAddress(ScriptType.P2WPKH, BitcoinNetwork.REGTEST).toString();

    @TempDir
    Path dir;

    private static ClnNode wallet(SimNode sim) {
        return new ClnNode(new ClnRestClient(new ClnRestClient.Config(sim.baseUrl(), "rune", null, false)));
    }

    private static Optional<WalletOutput> output(ClnNode node, String txid, boolean includeSpent) {
        return node.outputs(includeSpent).stream().filter(o -> o.outpoint().txid().equals(txid)).findFirst();
    }

    @Test
    void addressesAreNewRegtestBech32OnesThatSurviveARestart() {
        String first;
        try (SimNode sim = SimNode.start(0, dir); ClnNode node = wallet(sim)) {
            first = node.newAddress();
            assertTrue(first.startsWith("bcrt1q"), first);
            assertNotEquals(first, node.newAddress());
            sim.chain().send(first, 10_000, false);
            sim.chain().mine(1);
        }
        try (SimNode sim = SimNode.start(0, dir); ClnNode node = wallet(sim)) {
            assertEquals(first, node.outputs(false).get(0).address(), "the wallet still knows its first address");
            String third = node.newAddress();
            assertTrue(third.startsWith("bcrt1q") && !third.equals(first), third);
        }
    }

    @Test
    void theSimulatedChannelGivesRoundLiquidityThatPaymentsDoNotMoveAndRestartsKeep() {
        NodeChannel channel;
        try (SimNode sim = SimNode.start(0, dir); ClnNode node = wallet(sim)) {
            channel = node.channels().get(0);
            assertEquals(List.of(new NodeChannel(channel.peerId(), NodeChannel.State.NORMAL, true, 10_000_000_000L,
                    4_000_000_000L)), node.channels());
            assertTrue(channel.peerId().matches("0[23][0-9a-f]{64}") && !channel.peerId().equals(sim.nodeId()),
                    channel.peerId());
            assertEquals(new Liquidity(6_000_000_000L, 4_000_000_000L, 6_000_000_000L, 1), Liquidity.of(node.channels()));
            String hash = node.issueInvoice("liquidity", 1_000_000L, InvoiceDescription.shown("coffee"), 600).paymentHash();
            sim.pay(hash, null);
            assertEquals(List.of(channel), node.channels(), "the simulator's payers are not on it");
        }
        try (SimNode sim = SimNode.start(0, dir); ClnNode node = wallet(sim)) {
            assertEquals(List.of(channel), node.channels());
        }
    }

    @Test
    void anOutputIsListedOnceMinedAndFollowsReorgs() {
        try (SimNode sim = SimNode.start(0, dir); ClnNode node = wallet(sim)) {
            SimChain chain = sim.chain();
            int start = node.blockHeight();
            assertEquals(chain.height(), start);
            String address = node.newAddress();
            String txid = chain.send(address, 25_000, true);
            assertTrue(output(node, txid, true).isEmpty(), "a mempool payment is not listed");

            chain.mine(1);
            WalletOutput mined = output(node, txid, false).orElseThrow();
            assertEquals(new WalletOutput(new Outpoint(txid, 1), address, 25_000_000L, WalletOutput.State.CONFIRMED,
                    start + 1), mined);
            chain.mine(2);
            assertEquals(3, mined.confirmations(node.blockHeight()));

            chain.reorg(3, false); // back into the mempool
            assertEquals(new WalletOutput(new Outpoint(txid, 1), address, 25_000_000L, WalletOutput.State.UNCONFIRMED,
                    null), output(node, txid, false).orElseThrow());
            chain.mine(1);
            assertEquals(start + 5, output(node, txid, false).orElseThrow().blockHeight());

            chain.reorg(1, true); // double-spent by the payer
            chain.mine(3);
            assertEquals(WalletOutput.State.UNCONFIRMED, output(node, txid, false).orElseThrow().state());
        }
    }

    @Test
    void waitingForAHeightReturnsWhenItIsMinedOrWithTheHeightWhenTheTimeRunsOut() throws Exception {
        try (SimNode sim = SimNode.start(0, dir); ClnNode node = wallet(sim)) {
            int height = node.blockHeight();
            assertEquals(height, node.awaitBlockHeight(height, 5));
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> node.awaitBlockHeight(height + 2, 30));
            sim.chain().mine(2);
            assertEquals(height + 2, waiting.get());
            assertEquals(height + 2, node.awaitBlockHeight(height + 3, 1));
        }
    }

    @Test
    void aSweepSpendsExactlyTheOutputsOnceAndRefusesWhatItCannotDo() {
        try (SimNode sim = SimNode.start(0, dir); ClnNode node = wallet(sim)) {
            SimChain chain = sim.chain();
            String a = chain.send(node.newAddress(), 30_000, false);
            String b = chain.send(node.newAddress(), 20_000, false);
            String other = chain.send(node.newAddress(), 40_000, false);
            String tiny = chain.send(node.newAddress(), 600, false);
            chain.mine(1);
            List<Outpoint> both = List.of(new Outpoint(a, 1), new Outpoint(b, 1));

            assertEquals(SweepRefusedException.Reason.BAD_ADDRESS, refusal(node, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", both));
            assertEquals(SweepRefusedException.Reason.BAD_ADDRESS, refusal(node, "bcrt1qnotavalidaddressatall", both));
            assertEquals(SweepRefusedException.Reason.OUTPUTS_UNAVAILABLE,
                    refusal(node, ELSEWHERE, List.of(new Outpoint("00".repeat(32), 0))));
            assertEquals(SweepRefusedException.Reason.TOO_SMALL, refusal(node, ELSEWHERE, List.of(new Outpoint(tiny, 1))));

            assertEquals(Optional.empty(), node.spender(both));
            assertTrue(node.free(both));
            assertFalse(node.free(List.of(new Outpoint(a, 1), new Outpoint("00".repeat(32), 0))), "not the wallet's");
            String sweep = node.sweep(ELSEWHERE, both);
            assertEquals(Optional.of(sweep), node.spender(List.of(new Outpoint(b, 1))), "broadcast");
            assertFalse(node.free(both), "reserved by the sweep");
            assertTrue(node.free(List.of(new Outpoint(other, 1))));
            Transaction tx = chain.mempoolTransaction(Sha256Hash.wrap(sweep)).orElseThrow();
            assertEquals(both, tx.getInputs().stream().map(TransactionInput::getOutpoint)
                    .map(o -> new Outpoint(o.hash().toString(), (int) o.index())).toList());
            assertEquals(1, tx.getOutputs().size());
            assertEquals(ELSEWHERE, tx.getOutput(0).getScriptPubKey().getToAddress(BitcoinNetwork.REGTEST).toString());
            Coin fee = Coin.valueOf(50_000).subtract(tx.getOutput(0).getValue());
            assertTrue(fee.isPositive() && fee.isLessThan(Coin.valueOf(5_000)), fee.toFriendlyString());

            assertEquals(SweepRefusedException.Reason.OUTPUTS_UNAVAILABLE, refusal(node, ELSEWHERE, both), "reserved");
            assertEquals(WalletOutput.State.CONFIRMED, output(node, a, false).orElseThrow().state(), "listed until mined");
            chain.mine(1);
            assertTrue(output(node, a, false).isEmpty());
            assertEquals(WalletOutput.State.SPENT, output(node, a, true).orElseThrow().state());
            assertEquals(Optional.of(sweep), node.spender(both), "mined");
            assertFalse(node.free(both), "spent");
            assertEquals(SweepRefusedException.Reason.OUTPUTS_UNAVAILABLE, refusal(node, ELSEWHERE, both), "spent");
            assertEquals(WalletOutput.State.CONFIRMED, output(node, other, false).orElseThrow().state(), "untouched");
        }
    }

    private static SweepRefusedException.Reason refusal(ClnNode node, String destination, List<Outpoint> outputs) {
        return assertThrows(SweepRefusedException.class, () -> node.sweep(destination, outputs)).reason();
    }
}
