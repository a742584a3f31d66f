package till.node;

/** The node could not be reached or did not answer in time (connection refused, TLS failure, timeout, garbage). */
public final class NodeUnreachableException extends NodeException {
    public NodeUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
