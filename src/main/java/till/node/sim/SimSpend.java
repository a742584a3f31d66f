package till.node.sim;

import java.util.ArrayList;
import java.util.List;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutPoint;
import org.bitcoinj.core.TransactionWitness;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.crypto.TransactionSignature;
import org.bitcoinj.script.Script;
import org.bitcoinj.script.ScriptBuilder;

/**
 * Builds the simulated chain's transactions: segwit v0 inputs are signed for real (BIP143); taproot inputs get a
 * Schnorr-sized placeholder, since bitcoinj 0.17 cannot sign them and nothing in the simulator verifies scripts.
 */
final class SimSpend {
    /** nSequence that signals BIP125 replaceability. */
    static final long REPLACEABLE = 0xfffffffdL;

    /** An output being spent: where it is, what it holds, its script and the key that may spend it. */
    record Input(TransactionOutPoint outpoint, Coin value, Script scriptPubKey, ECKey key) { }

    /** An output to create. */
    record Output(Coin value, Address address) { }

    private SimSpend() {
    }

    static Transaction build(List<Input> inputs, List<Output> outputs, boolean replaceable) {
        Transaction tx = new Transaction();
        long sequence = replaceable ? REPLACEABLE : TransactionInput.NO_SEQUENCE;
        for (Input input : inputs) {
            tx.addInput(new TransactionInput(tx, new byte[0], input.outpoint(), input.value()).withSequence(sequence));
        }
        for (Output output : outputs) {
            tx.addOutput(output.value(), output.address());
        }
        List<TransactionInput> signed = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            signed.add(tx.getInputs().get(i).withWitness(witness(tx, i, inputs.get(i))));
        }
        for (int i = 0; i < signed.size(); i++) {
            tx.replaceInput(i, signed.get(i));
        }
        return tx;
    }

    private static TransactionWitness witness(Transaction tx, int index, Input input) {
        if (input.scriptPubKey().getScriptType() == ScriptType.P2WPKH) {
            Script scriptCode = ScriptBuilder.createP2PKHOutputScript(input.key());
            TransactionSignature signature = tx.calculateWitnessSignature(index, input.key(), scriptCode,
                    input.value(), Transaction.SigHash.ALL, false);
            return TransactionWitness.redeemP2WPKH(signature, input.key());
        }
        byte[] placeholder = new byte[64];
        byte[] digest = Sha256Hash.hash(tx.getTxId().getBytes());
        System.arraycopy(digest, 0, placeholder, 0, digest.length);
        return TransactionWitness.of(placeholder);
    }
}
