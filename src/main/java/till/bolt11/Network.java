package till.bolt11;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.bitcoinj.base.BitcoinNetwork;

/** The chains BOLT #11 defines, with the currency prefix that follows {@code ln} in an invoice. */
public enum Network {
    BITCOIN("bc", "bitcoin", BitcoinNetwork.MAINNET),
    TESTNET("tb", "testnet", BitcoinNetwork.TESTNET),
    SIGNET("tbs", "signet", BitcoinNetwork.SIGNET),
    REGTEST("bcrt", "regtest", BitcoinNetwork.REGTEST);

    private final String hrpPrefix;
    private final String clnName;
    private final BitcoinNetwork onchain;

    Network(String hrpPrefix, String clnName, BitcoinNetwork onchain) {
        this.hrpPrefix = hrpPrefix;
        this.clnName = clnName;
        this.onchain = onchain;
    }

    /** The same chain in bitcoinj's words, for its addresses and its P2P messages. */
    public BitcoinNetwork onchain() {
        return onchain;
    }

    public String hrpPrefix() {
        return hrpPrefix;
    }

    /** The name Core Lightning's {@code getinfo} reports as {@code network}. */
    public String clnName() {
        return clnName;
    }

    /** Maps Core Lightning's {@code getinfo.network}; testnet4 shares testnet's {@code tb} prefix. */
    public static Network fromClnName(String name) {
        if ("testnet4".equals(name)) {
            return TESTNET;
        }
        return Arrays.stream(values())
                .filter(n -> n.clnName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unsupported Core Lightning network: " + name));
    }

    /**
     * The network whose prefix starts {@code currencyAndAmount}, longest prefix first:
     * {@code bcrt} must win over {@code bc} and {@code tbs} over {@code tb}, since amounts are digits only.
     */
    static Optional<Network> matchPrefix(String currencyAndAmount) {
        return Arrays.stream(values())
                .sorted(Comparator.comparingInt((Network n) -> n.hrpPrefix.length()).reversed())
                .filter(n -> currencyAndAmount.startsWith(n.hrpPrefix))
                .findFirst();
    }
}
