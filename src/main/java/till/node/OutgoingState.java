package till.node;

/** Where one of the node's attempts to pay stands. */
public enum OutgoingState {
    COMPLETE, PENDING, FAILED
}
