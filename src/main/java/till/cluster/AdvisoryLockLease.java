package till.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease as a PostgreSQL session-level advisory lock, held on a connection of its own: PostgreSQL frees it when
 * that session ends, so a holder killed -9 (or cut off) frees it within seconds, and a standby's next try takes it.
 * A holder whose connection is dead or broken has lost it, even if the server has not noticed yet: stopping then may
 * overlap a little with the next holder, which settlement (unique per payment) tolerates.
 */
final class AdvisoryLockLease implements WatcherLease {
    private static final Logger log = LoggerFactory.getLogger(AdvisoryLockLease.class);
    /** The lock's key: "TillWatc" in ASCII, apart from any other advisory lock (Flyway's among them). */
    static final long KEY = 0x54696c6c57617463L;
    /** Long enough that a busy machine is not taken for a dead connection (a loss restarts the jobs). */
    private static final int CHECK_TIMEOUT_SECONDS = 5;

    /** Opens a connection outside the pool. */
    interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;
    /** Kept open while waiting too, so that a standby does not connect anew every second. */
    private Connection connection;
    private boolean held;
    private boolean unreachable;

    AdvisoryLockLease(Connections connections) {
        this.connections = connections;
    }

    @Override
    public boolean tryTake() {
        if (held) {
            return stillHeld();
        }
        try {
            if (connection == null || !connection.isValid(CHECK_TIMEOUT_SECONDS)) {
                closeConnection();
                connection = connections.open();
            }
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, KEY);
                try (ResultSet result = lock.executeQuery()) {
                    held = result.next() && result.getBoolean(1);
                }
            }
            if (unreachable) {
                unreachable = false;
                log.info("Watcher lease: the database answers again");
            }
        } catch (SQLException e) {
            if (!unreachable) {
                unreachable = true;
                log.warn("Watcher lease: the database cannot be asked ({}); trying again every second", e.getMessage());
            }
            closeConnection();
        }
        return held;
    }

    @Override
    public boolean stillHeld() {
        if (!held) {
            return false;
        }
        try {
            if (connection.isValid(CHECK_TIMEOUT_SECONDS)) {
                return true;
            }
        } catch (SQLException e) {
            log.debug("Watcher lease check failed", e);
        }
        // The session, and with it the lock, is gone or going: a new connection tries again.
        closeConnection();
        return false;
    }

    @Override
    public void close() {
        closeConnection();
    }

    private void closeConnection() {
        held = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing the lease's connection failed", e);
            }
            connection = null;
        }
    }
}
