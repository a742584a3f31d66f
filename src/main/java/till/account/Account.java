package till.account;

/** An account: it owns terminals, receives payments into its balance, and pays from it. */
public record Account(String id, String name, int feePpm, long balanceMsat) {

    /** The processing fee the operator keeps from a received amount. */
    public long feeFor(long receivedMsat) {
        return Math.multiplyExact(receivedMsat, (long) feePpm) / 1_000_000L;
    }
}
