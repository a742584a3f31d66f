package till.node.cln;

import com.fasterxml.jackson.databind.JsonNode;
import till.node.NodeRpcException;

/**
 * Core Lightning answered with an RPC error object {@code {code, message, data}}.
 * Branch on {@link #code()}, never on {@link #httpStatus()} (clnrest sends 500 for every RPC error).
 */
public final class ClnRpcException extends NodeRpcException {
    private final int httpStatus;
    private final int code;
    private final String nodeMessage;
    private final JsonNode data;

    public ClnRpcException(String method, int httpStatus, int code, String message, JsonNode data) {
        // 401 and 403 are clnrest's answers to rune problems (missing, invalid, blacklisted, or not permitting the method).
        super(method + ": CLN error " + code + ": " + message, Integer.toString(code), httpStatus == 401 || httpStatus == 403);
        this.httpStatus = httpStatus;
        this.code = code;
        this.nodeMessage = message;
        this.data = data;
    }

    public int httpStatus() { return httpStatus; }

    public int code() { return code; }

    /** The error's own message, without the method and code this exception's message adds. */
    public String nodeMessage() { return nodeMessage; }

    /** The error's {@code data} member, or null. */
    public JsonNode data() { return data; }
}
