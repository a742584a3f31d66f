package till.bitcoin;

import java.util.List;
import till.node.Outpoint;

/**
 * A transaction as the peer showed it: the outputs it spends (a replacement or a double-spend spends one of the same)
 * and the outputs it creates, each with the address it pays (null for a script without one, e.g. OP_RETURN).
 * {@code replaceable}: it signals BIP 125 opt-in replace-by-fee.
 */
public record SeenTransaction(String txid, List<Outpoint> spends, List<Output> outputs, boolean replaceable) {

    public record Output(int vout, String address, long amountSat) {
    }
}
