package till.node;

/**
 * One of the node's payment channels, in Till's words: the peer at its other end, its state, whether the peer is
 * connected now, its capacity and our side of it. What is not ours is the peer's: what the node can still receive
 * through this channel.
 */
public record NodeChannel(String peerId, State state, boolean connected, long capacityMsat, long ourMsat) {

    public enum State {
        /** Being opened: its funding transaction is not deep enough yet. */
        OPENING,
        /** Open: it carries payments while its peer is connected. */
        NORMAL,
        /** Being closed (cooperatively or not): it carries no new payments. */
        CLOSING,
        /** Closed: its funds are on-chain or on their way there. */
        CLOSED,
        /** A state this Till does not know: counted as carrying nothing. */
        UNKNOWN
    }

    /** The peer's side; never below zero, even when a node reports our side above the capacity. */
    public long theirMsat() {
        return Math.max(0, capacityMsat - ourMsat);
    }

    /** Whether a payment can go through it now, either way. */
    public boolean usable() {
        return state == State.NORMAL && connected;
    }
}
