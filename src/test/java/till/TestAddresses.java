package till;

import java.util.Arrays;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.LegacyAddress;
import org.bitcoinj.base.SegwitAddress;

/** Valid bitcoin addresses of each network, made by bitcoinj (a P2WPKH program of one repeated byte), for refund tests. */
public final class TestAddresses {
    private TestAddresses() {}

    /** {@code bcrt1q…}: the simulated node's network. */
    public static String regtest(int seed) {
        return segwit(BitcoinNetwork.REGTEST, seed);
    }

    /** {@code tb1q…} */
    public static String testnet(int seed) {
        return segwit(BitcoinNetwork.TESTNET, seed);
    }

    /** {@code bc1q…} */
    public static String mainnet(int seed) {
        return segwit(BitcoinNetwork.MAINNET, seed);
    }

    /** A base58 P2PKH address ({@code 1…} on mainnet, {@code m…}/{@code n…} on the test networks). */
    public static String legacy(BitcoinNetwork network, int seed) {
        return LegacyAddress.fromPubKeyHash(network, program(seed)).toString();
    }

    private static String segwit(BitcoinNetwork network, int seed) {
        return SegwitAddress.fromProgram(network, 0, program(seed)).toString();
    }

    private static byte[] program(int seed) {
        byte[] hash = new byte[20];
        Arrays.fill(hash, (byte) seed);
        return hash;
    }
}
