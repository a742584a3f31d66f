package till.node;

/** The node would not send the outputs: {@link #reason()} says why, in Till's words. */
public final class SweepRefusedException extends NodeException {
    public enum Reason {
        /** Not an address, or one of another network. */
        BAD_ADDRESS,
        /** An output is spent, reserved by another spend in flight, or unknown to the wallet. */
        OUTPUTS_UNAVAILABLE,
        /** What the outputs hold does not cover the network fee (or leaves dust). */
        TOO_SMALL
    }

    private final Reason reason;

    public SweepRefusedException(Reason reason, String message) {
        super(message, null);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
