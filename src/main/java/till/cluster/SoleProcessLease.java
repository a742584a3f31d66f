package till.cluster;

/** The embedded H2 file admits one process, which therefore always holds the lease. */
final class SoleProcessLease implements WatcherLease {
    @Override
    public boolean tryTake() {
        return true;
    }

    @Override
    public boolean stillHeld() {
        return true;
    }

    @Override
    public void close() {
        // Nothing is held outside this process.
    }
}
