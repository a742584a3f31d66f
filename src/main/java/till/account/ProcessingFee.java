package till.account;

/** The operator's processing fee on an amount received: {@code floor(received × feePpm / 10⁶)}, exact for any amount. */
public final class ProcessingFee {
    private static final long MILLION = 1_000_000L;

    private ProcessingFee() {}

    /**
     * Splits received into whole millions and the rest, so that each product fits in a long (ppm is at most 10⁶)
     * where {@code received × feePpm} itself would overflow near the bitcoin supply.
     */
    public static long of(long receivedMsat, int feePpm) {
        if (receivedMsat < 0 || feePpm < 0 || feePpm > MILLION) {
            throw new IllegalArgumentException("received " + receivedMsat + " msat at " + feePpm + " ppm");
        }
        return receivedMsat / MILLION * feePpm + receivedMsat % MILLION * feePpm / MILLION;
    }
}
