package till.onchain;

/**
 * How the on-chain watcher is doing, for the operator ({@code /health} details): the node's block height at its last
 * look at the wallet (null before the first), and the bitcoind peer's connection.
 */
public record OnchainStatus(int confirmations, Integer blockHeight, Peer peer) {

    public enum Peer {
        /** None configured: unconfirmed payments are not seen. */
        none,
        /** Configured, not connected now (starting, or bitcoind away): payments are seen once mined meanwhile. */
        disconnected,
        connected
    }
}
