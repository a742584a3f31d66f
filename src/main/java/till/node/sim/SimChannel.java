package till.node.sim;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.crypto.ECKey;

/**
 * The simulated node's one channel, open and its peer connected, with round numbers that never move: 0.1 BTC, of
 * which 0.04 are ours (what the node can send) and 0.06 the peer's (what it can receive). The simulator's payers
 * are not on it, so payments change nothing here. Its peer and funding transaction are derived from the node key,
 * the same at every start; the funding transaction is not on the simulated chain.
 */
record SimChannel(String peerId, String fundingTxid, int fundingOutput, String shortChannelId, long amountMsat,
                  long ourAmountMsat) {
    static final long CAPACITY_MSAT = 10_000_000_000L;
    static final long OUR_MSAT = 4_000_000_000L;

    static SimChannel of(ECKey nodeKey) {
        ECKey peer = ECKey.fromPrivate(derive(nodeKey, "channel peer"));
        String fundingTxid = HexFormat.of().formatHex(derive(nodeKey, "channel funding"));
        return new SimChannel(peer.getPublicKeyAsHex(), fundingTxid, 0, "1x1x0", CAPACITY_MSAT, OUR_MSAT);
    }

    /**
     * BOLT 2's channel id: the funding txid (in its internal byte order, the reverse of how it is written) with the
     * funding output's index XORed into its last two bytes.
     */
    String channelId() {
        byte[] id = Sha256Hash.wrap(fundingTxid).getReversedBytes();
        id[30] ^= (byte) (fundingOutput >> 8);
        id[31] ^= (byte) fundingOutput;
        return HexFormat.of().formatHex(id);
    }

    private static byte[] derive(ECKey nodeKey, String purpose) {
        String seed = HexFormat.of().formatHex(nodeKey.getPrivKeyBytes()) + "/" + purpose;
        return Sha256Hash.hash(seed.getBytes(StandardCharsets.US_ASCII));
    }
}
