package till.node;

/** Something went wrong talking to the node. */
public abstract class NodeException extends RuntimeException {
    protected NodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
