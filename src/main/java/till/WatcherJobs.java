package till;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;
import till.invoice.PaymentWatcher;
import till.invoice.WatcherState;
import till.invoice.WatcherStatus;
import till.onchain.OnchainStatus;
import till.onchain.OnchainWatcher;
import till.task.Closer;

/**
 * The jobs that run in one process only, started anew each time this process takes the watcher lease (see
 * {@link till.cluster.LeaseKeeper}) and stopped when it loses it; and their statuses, which read "standby" between
 * two holds.
 */
final class WatcherJobs {

    /** One hold's jobs: the payment watcher, the on-chain watcher (null: Lightning only), and everything to stop. */
    record Running(PaymentWatcher watcher, OnchainWatcher onchain, Closer parts) {}

    private final LongSupplier savedCursor;
    private final int confirmations;
    private final Clock clock;
    private volatile Running running;
    private volatile Instant standbySince;

    /** {@code savedCursor}: the payment watcher's cursor as saved, shown while another process watches. */
    WatcherJobs(LongSupplier savedCursor, int confirmations, Clock clock) {
        this.savedCursor = savedCursor;
        this.confirmations = confirmations;
        this.clock = clock;
        this.standbySince = clock.instant();
    }

    /** Makes {@code started} the current jobs; closing the answer stops them. */
    AutoCloseable track(Running started) {
        running = started;
        return () -> {
            running = null;
            standbySince = clock.instant();
            started.parts().close();
        };
    }

    WatcherStatus watcherStatus() {
        Running current = running;
        return current != null ? current.watcher().status()
                : new WatcherStatus(WatcherState.standby, savedCursor.getAsLong(), null, standbySince);
    }

    /** While standby: no block height, no peer (the holder follows the chain). */
    OnchainStatus onchainStatus() {
        Running current = running;
        return current != null && current.onchain() != null ? current.onchain().status()
                : new OnchainStatus(confirmations, null, OnchainStatus.Peer.none);
    }
}
