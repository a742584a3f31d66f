package till.node;

/**
 * An output of the node's wallet. {@code blockHeight} is the block that mined it, null unless {@link State#CONFIRMED}
 * (the node does not say where a spent output was mined).
 */
public record WalletOutput(Outpoint outpoint, String address, long amountMsat, State state, Integer blockHeight) {

    public enum State {
        /** Mined, in the node's best chain, unspent. */
        CONFIRMED,
        /** Listed but not in the best chain: mined once and reorged out (possibly double-spent). */
        UNCONFIRMED,
        /** Spent by a transaction of the node's (a refund, a channel open, a withdrawal). */
        SPENT
    }

    /** Its depth at {@code tipHeight}: 1 in the block at the tip; 0 when not confirmed. */
    public int confirmations(int tipHeight) {
        return state == State.CONFIRMED && blockHeight != null ? Math.max(0, tipHeight - blockHeight + 1) : 0;
    }
}
