package till.bitcoin;

import java.util.ArrayList;
import java.util.List;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.script.ScriptException;
import till.node.Outpoint;

/** Turns bitcoinj's transactions and blocks into Till's {@link SeenTransaction} and {@link SeenBlock}. */
final class SightingMapper {
    private final BitcoinNetwork network;

    SightingMapper(BitcoinNetwork network) {
        this.network = network;
    }

    SeenTransaction transaction(Transaction tx) {
        List<Outpoint> spends = new ArrayList<>(tx.getInputs().size());
        if (!tx.isCoinBase()) { // a coinbase input spends nothing
            for (TransactionInput input : tx.getInputs()) {
                spends.add(new Outpoint(input.getOutpoint().hash().toString(), (int) input.getOutpoint().index()));
            }
        }
        List<TransactionOutput> outputs = tx.getOutputs();
        List<SeenTransaction.Output> seen = new ArrayList<>(outputs.size());
        for (int vout = 0; vout < outputs.size(); vout++) {
            TransactionOutput output = outputs.get(vout);
            seen.add(new SeenTransaction.Output(vout, address(output), output.getValue().toSat()));
        }
        return new SeenTransaction(tx.getTxId().toString(), List.copyOf(spends), List.copyOf(seen), tx.isOptInFullRBF());
    }

    SeenBlock block(Block block) {
        List<Transaction> txs = block.getTransactions();
        List<SeenTransaction> seen = txs == null ? List.of() : txs.stream().map(this::transaction).toList();
        return new SeenBlock(block.getHashAsString(), block.getPrevBlockHash().toString(), seen);
    }

    /** Null for a script that pays no address (OP_RETURN, bare multisig, non-standard). */
    private String address(TransactionOutput output) {
        try {
            return output.getScriptPubKey().getToAddress(network).toString();
        } catch (ScriptException e) {
            return null;
        }
    }
}
