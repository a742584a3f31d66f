package till.node;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The node answered with an RPC error object {@code {code, message, data}}.
 * Branch on {@link #code()}, never on {@link #httpStatus()} (clnrest sends 500 for every RPC error).
 */
public final class NodeRpcException extends NodeException {
    private final int httpStatus;
    private final int code;
    private final JsonNode data;

    public NodeRpcException(String method, int httpStatus, int code, String message, JsonNode data) {
        super(method + ": CLN error " + code + ": " + message, null);
        this.httpStatus = httpStatus;
        this.code = code;
        this.data = data;
    }

    public int httpStatus() { return httpStatus; }

    public int code() { return code; }

    /** The error's {@code data} member, or null. */
    public JsonNode data() { return data; }

    /** A rune problem (missing, invalid, blacklisted, or not permitting the method). */
    public boolean isAuthError() {
        return httpStatus == 401 || httpStatus == 403;
    }
}
