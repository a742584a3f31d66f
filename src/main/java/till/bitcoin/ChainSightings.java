package till.bitcoin;

/**
 * What the operator's bitcoind shows Till over the Bitcoin P2P protocol, in Till's words: transactions as they enter
 * its mempool and blocks as they are mined. Called on the peer's thread, in the order the peer sent them; an
 * implementation must return quickly (hand work to its own thread) and must not throw.
 */
public interface ChainSightings {

    /** A transaction entered the peer's mempool (seen again after a reconnect: the same {@code txid}). */
    void transactionSeen(SeenTransaction transaction);

    /**
     * A block the peer has: new at its tip, or one Till missed while disconnected (caught up from the last block seen,
     * oldest first). A block whose {@code previousHash} is not the last one seen means the chain reorganised.
     */
    void blockSeen(SeenBlock block);

    /** The connection to the peer came up ({@code true}) or went down. */
    void connected(boolean up);
}
