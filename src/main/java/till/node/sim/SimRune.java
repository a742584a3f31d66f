package till.node.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The simulated node's runes. Any non-empty rune permits every method, except a rune of the form
 * {@code restrict:getinfo,invoice}, which permits only the methods listed, as a real rune made with
 * {@code createrune restrictions='[["method=getinfo","method=invoice"]]'} does. Other methods are refused with
 * Core Lightning's own answer: HTTP 401, error 1502 and its "method is not equal to ..." reason.
 */
final class SimRune {
    static final String RESTRICT = "restrict:";
    static final int NOT_PERMITTED = 1502;

    private SimRune() {}

    /** The refusal for calling {@code method} with {@code rune}, or empty when it is permitted. */
    static Optional<SimRpcError> refusal(String rune, String method) {
        if (!rune.startsWith(RESTRICT)) {
            return Optional.empty();
        }
        List<String> allowed = Arrays.stream(rune.substring(RESTRICT.length()).split(","))
                .map(String::trim).filter(m -> !m.isEmpty()).toList();
        if (allowed.contains(method)) {
            return Optional.empty();
        }
        // Like CLN's rune check: the reasons of every failed alternative, joined with AND.
        String reasons = allowed.stream().map(m -> "method is not equal to " + m).collect(Collectors.joining(" AND "));
        return Optional.of(new SimRpcError(401, NOT_PERMITTED, "Not permitted: " + reasons, null));
    }
}
