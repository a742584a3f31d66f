package till.node.sim;

import java.io.ByteArrayOutputStream;
import org.bitcoinj.base.VarInt;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;

/** withdraw's {@code psbt}: a minimal BIP174 v0 PSBT holding the unsigned transaction and empty input/output maps. */
final class SimPsbt {
    private static final byte[] MAGIC = {0x70, 0x73, 0x62, 0x74, (byte) 0xff};

    private SimPsbt() {
    }

    static byte[] unsigned(Transaction signed) {
        Transaction tx = new Transaction();
        tx.setVersion((int) signed.getVersion());
        for (TransactionInput in : signed.getInputs()) {
            tx.addInput(new TransactionInput(tx, new byte[0], in.getOutpoint()).withSequence(in.getSequenceNumber()));
        }
        signed.getOutputs().forEach(o -> tx.addOutput(o.getValue(), o.getScriptPubKey()));
        tx.setLockTime(signed.getLockTime());
        byte[] unsignedTx = tx.serialize();
        ByteArrayOutputStream psbt = new ByteArrayOutputStream();
        psbt.writeBytes(MAGIC);
        psbt.write(1); // key length
        psbt.write(0); // PSBT_GLOBAL_UNSIGNED_TX
        psbt.writeBytes(VarInt.of(unsignedTx.length).serialize());
        psbt.writeBytes(unsignedTx);
        psbt.write(0); // end of the global map
        for (int i = 0; i < tx.getInputs().size() + tx.getOutputs().size(); i++) {
            psbt.write(0); // an empty map per input and per output
        }
        return psbt.toByteArray();
    }
}
