package till.node.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutPoint;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.params.RegTestParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated chain: real transactions and solved blocks, RBF, reorgs with and without a double spend, restarts. */
class SimChainTest {
    private static final String ADDRESS = new ECKey().toAddress(ScriptType.P2WPKH, BitcoinNetwork.REGTEST).toString();

    @TempDir
    Path dir;

    /** Records what listeners are told, as text, in order. */
    private static final class Recorder implements SimChain.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public synchronized void transactionAdded(Transaction tx) {
            events.add("tx " + tx.getTxId());
        }

        @Override
        public synchronized void blockConnected(Block block) {
            events.add("block " + block.getHash());
        }
    }

    @Test
    void aPaymentIsASignedTransactionMinedInASolvedBlock() throws Exception {
        try (SimChain chain = SimChain.open(dir)) {
            Recorder recorder = new Recorder();
            chain.addListener(recorder);
            assertEquals(0, chain.height());
            assertEquals(RegTestParams.get().getGenesisBlock().getHash(), chain.tip().getHash());

            Sha256Hash txid = Sha256Hash.wrap(chain.send(ADDRESS, 25_000, false));
            Transaction tx = chain.mempoolTransaction(txid).orElseThrow();
            TransactionOutput payment = tx.getOutput(1);
            assertEquals(Coin.valueOf(25_000), payment.getValue());
            assertEquals(ADDRESS, payment.getScriptPubKey().getToAddress(BitcoinNetwork.REGTEST).toString());
            assertEquals(TransactionInput.NO_SEQUENCE, tx.getInput(0).getSequenceNumber());
            assertTrue(tx.hasWitnesses());

            List<String> hashes = chain.mine(2);
            assertEquals(2, chain.height());
            assertTrue(chain.mempool().isEmpty());
            Block first = chain.blockAt(1).orElseThrow();
            assertEquals(hashes.get(0), first.getHashAsString());
            assertEquals(chain.blockAt(0).orElseThrow().getHash(), first.getPrevBlockHash());
            assertTrue(first.getTransactions().get(0).isCoinBase());
            assertEquals(txid, first.getTransactions().get(1).getTxId());
            for (int h = 1; h <= 2; h++) {
                Block block = chain.blockAt(h).orElseThrow();
                assertTrue(block.getHash().toBigInteger().compareTo(block.getDifficultyTargetAsInteger()) <= 0, "solved");
                Block.verifyTransactions(RegTestParams.get(), block, h, EnumSet.of(Block.VerifyFlag.HEIGHT_IN_COINBASE));
            }
            assertEquals(Optional.of(1), chain.confirmedHeight(txid));
            assertEquals(new SimChain.Spender(txid, true), chain.spender(tx.getInput(0).getOutpoint()).orElseThrow());
            assertEquals(List.of("tx " + txid, "block " + hashes.get(0), "block " + hashes.get(1)), recorder.events);
            assertThrows(NoSuchElementException.class, () -> chain.bump(txid.toString(), null));
        }
    }

    @Test
    void aBumpReplacesTheTransactionSpendingTheSameInputsAtAHigherFee() throws Exception {
        try (SimChain chain = SimChain.open(dir)) {
            String original = chain.send(ADDRESS, 10_000, true);
            Transaction before = chain.mempoolTransaction(Sha256Hash.wrap(original)).orElseThrow();
            assertEquals(SimSpend.REPLACEABLE, before.getInput(0).getSequenceNumber());

            String bumped = chain.bump(original, 12_000L);
            assertNotEquals(original, bumped);
            Transaction after = chain.mempoolTransaction(Sha256Hash.wrap(bumped)).orElseThrow();
            assertTrue(chain.mempoolTransaction(Sha256Hash.wrap(original)).isEmpty());
            assertEquals(before.getInput(0).getOutpoint(), after.getInput(0).getOutpoint());
            assertEquals(Coin.valueOf(12_000), after.getOutput(1).getValue());
            assertTrue(after.getOutputSum().isLessThan(before.getOutputSum().add(Coin.valueOf(2_000))),
                    "the replacement pays a higher fee");

            String again = chain.bump(bumped, null);
            assertEquals(Coin.valueOf(12_000), chain.mempoolTransaction(Sha256Hash.wrap(again)).orElseThrow()
                    .getOutput(1).getValue());

            String plain = chain.send(ADDRESS, 10_000, false);
            assertThrows(IllegalStateException.class, () -> chain.bump(plain, null));
            assertThrows(IllegalArgumentException.class, () -> chain.bump(again, 10L));
            assertThrows(IllegalArgumentException.class, () -> chain.send("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", 1_000, false));
            assertThrows(IllegalArgumentException.class, () -> chain.send(ADDRESS, 100, false));
        }
    }

    @Test
    void aReorgReturnsTransactionsToTheMempoolOrDoubleSpendsThem() throws Exception {
        try (SimChain chain = SimChain.open(dir)) {
            chain.mine(3);
            Sha256Hash kept = Sha256Hash.wrap(chain.send(ADDRESS, 30_000, false));
            chain.mine(1);
            Recorder recorder = new Recorder();
            chain.addListener(recorder);

            assertEquals(5, chain.reorg(1, false));
            assertEquals(Optional.empty(), chain.confirmedHeight(kept));
            assertTrue(chain.mempoolTransaction(kept).isPresent());
            assertEquals(2, recorder.events.size(), "one event per block of the new branch, none for the returned tx");
            assertEquals("block " + chain.blockAt(4).orElseThrow().getHash(), recorder.events.get(0));
            assertEquals(chain.blockAt(3).orElseThrow().getHash(), chain.blockAt(4).orElseThrow().getPrevBlockHash());

            chain.mine(1);
            assertEquals(Optional.of(6), chain.confirmedHeight(kept));
            Transaction original = chain.everMined().stream().filter(t -> t.getTxId().equals(kept)).findFirst().orElseThrow();
            TransactionOutPoint funding = original.getInput(0).getOutpoint();

            assertEquals(7, chain.reorg(1, true));
            assertEquals(Optional.empty(), chain.confirmedHeight(kept));
            assertTrue(chain.mempoolTransaction(kept).isEmpty());
            SimChain.Spender conflict = chain.spender(funding).orElseThrow();
            assertTrue(conflict.confirmed());
            assertNotEquals(kept, conflict.txid());
            assertEquals(Optional.of(6), chain.confirmedHeight(conflict.txid()));
            chain.mine(1);
            assertEquals(Optional.empty(), chain.confirmedHeight(kept), "the original can never confirm");
            assertThrows(IllegalArgumentException.class, () -> chain.reorg(9, false));
        }
    }

    @Test
    void headersAfterALocatorFollowTheBestChain() throws Exception {
        try (SimChain chain = SimChain.open(dir)) {
            chain.mine(5);
            Sha256Hash atTwo = chain.blockAt(2).orElseThrow().getHash();
            Sha256Hash stale = chain.blockAt(5).orElseThrow().getHash();
            chain.reorg(2, false);
            List<Block> headers = chain.headersAfter(List.of(stale, atTwo), null);
            assertEquals(4, headers.size());
            assertEquals(chain.blockAt(3).orElseThrow().getHash(), headers.get(0).getHash());
            assertFalse(headers.get(0).hasTransactions());
            assertEquals(6, chain.headersAfter(List.of(), null).size());
            assertEquals(2, chain.headersAfter(List.of(atTwo), chain.blockAt(4).orElseThrow().getHash()).size());
            assertTrue(chain.block(stale).isPresent(), "a stale block is still served");
            assertTrue(chain.heightOf(stale).isEmpty());
        }
    }

    @Test
    void heightWaitersCompleteWhenTheChainGetsThere() throws Exception {
        try (SimChain chain = SimChain.open(dir)) {
            CompletableFuture<Integer> waiter = chain.atHeight(2);
            chain.mine(1);
            assertFalse(waiter.isDone());
            chain.mine(1);
            assertEquals(2, waiter.getNow(-1));
        }
    }

    @Test
    void theChainAndMempoolSurviveARestart() throws Exception {
        String tip;
        String pending;
        String mined;
        try (SimChain chain = SimChain.open(dir)) {
            mined = chain.send(ADDRESS, 5_000, false);
            chain.mine(2);
            chain.reorg(1, false);
            pending = chain.send(ADDRESS, 7_000, true);
            tip = chain.tip().getHashAsString();
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(SimChain.FILE_NAME))));
        try (SimChain chain = SimChain.open(dir)) {
            assertEquals(3, chain.height());
            assertEquals(tip, chain.tip().getHashAsString());
            assertEquals(Optional.of(1), chain.confirmedHeight(Sha256Hash.wrap(mined)));
            assertTrue(chain.mempoolTransaction(Sha256Hash.wrap(pending)).isPresent());
            String bumped = chain.bump(pending, null);
            chain.mine(1);
            assertEquals(Optional.of(4), chain.confirmedHeight(Sha256Hash.wrap(bumped)));
        }
    }
}
