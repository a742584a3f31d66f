package till.node;

/**
 * The node answered, refusing the request. The message names the call and carries the node's own words: it is for the
 * operator's log, never for Till's clients. {@code nodeCode} is the node's code for the error, for logs and metrics;
 * nothing outside the node's implementation branches on it.
 */
public class NodeRpcException extends NodeException {
    private final String nodeCode;
    private final boolean accessDenied;

    public NodeRpcException(String message, String nodeCode, boolean accessDenied) {
        super(message, null);
        this.nodeCode = nodeCode;
        this.accessDenied = accessDenied;
    }

    public String nodeCode() {
        return nodeCode;
    }

    /** The node refuses Till's credentials for this call: missing, invalid, or not permitting it. */
    public boolean accessDenied() {
        return accessDenied;
    }
}
