package till.cluster;

import till.store.Database;

/**
 * The right to run the payment watcher and the other jobs that must run in one process only. Asked from one thread
 * (the {@link LeaseKeeper}'s).
 */
public interface WatcherLease extends AutoCloseable {

    /** Tries to take the lease; true when this process holds it now. */
    boolean tryTake();

    /** Whether this process still holds the lease it took; false once it lost it (it may then be taken again). */
    boolean stillHeld();

    /** Gives the lease up. */
    @Override
    void close();

    /** PostgreSQL: an advisory lock any of the processes may hold; H2: the one process always holds it. */
    static WatcherLease of(Database database) {
        return database.kind() == Database.Kind.POSTGRESQL
                ? new AdvisoryLockLease(database::dedicatedConnection)
                : new SoleProcessLease();
    }
}
