package till.node.sim;

import java.util.Map;

/**
 * What the simulated node does when asked to pay a given amount or payee: fail with a Core Lightning pay error
 * {@code code}, and/or stay pending for {@code pendingSeconds} first. No code: the payment completes.
 * Exactly one of {@code amountMsat} and {@code payee} says which payments the rule is for.
 */
public record SimPayRule(Long amountMsat, String payee, Integer code, long pendingSeconds) {
    /** The pay errors the simulator can produce, with the message a real node sends. */
    static final Map<Integer, String> MESSAGES = Map.of(
            201, "Already paid with this hash using different amount or destination",
            203, "Destination said it doesn't know invoice: WIRE_INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS",
            205, "Could not find a route",
            206, "Fee exceeds our fee budget",
            207, "Invoice expired",
            209, "Failed after 1 attempts",
            210, "Ran out of routes to try after 1 attempt: see `paystatus`",
            219, "Already paid");

    public SimPayRule {
        if ((amountMsat == null) == (payee == null)) {
            throw new IllegalArgumentException("a rule is for an amountMsat or for a payee, exactly one of them");
        }
        if (code != null && !MESSAGES.containsKey(code)) {
            throw new IllegalArgumentException("code must be one of " + new java.util.TreeSet<>(MESSAGES.keySet()));
        }
        if (pendingSeconds < 0 || pendingSeconds > 3600) {
            throw new IllegalArgumentException("pendingSeconds must be from 0 to 3600");
        }
    }

    /** A rule that changes nothing: setting it removes the rule for the same amount or payee. */
    boolean isDefault() {
        return code == null && pendingSeconds == 0;
    }

    boolean matches(long amount, String destination) {
        return amountMsat != null ? amountMsat == amount : payee.equals(destination);
    }

    /** Rules are keyed by what they match. */
    String key() {
        return amountMsat != null ? "amount:" + amountMsat : "payee:" + payee;
    }
}
