package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;

/** An RPC error as clnrest reports it: HTTP status plus the error object {@code {code, message, data}}. */
final class SimRpcError extends RuntimeException {
    /** Core Lightning's code for bad or missing parameters. */
    static final int INVALID_PARAMS = -32602;

    final int httpStatus;
    final int code;
    final JsonNode data;

    SimRpcError(int httpStatus, int code, String message, JsonNode data) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
        this.data = data;
    }

    /** Every RPC failure is an HTTP 500 in clnrest. */
    static SimRpcError rpc(int code, String message) {
        return new SimRpcError(500, code, message, null);
    }

    static SimRpcError invalidParams(String message) {
        return rpc(INVALID_PARAMS, message);
    }
}
