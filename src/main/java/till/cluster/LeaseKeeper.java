package till.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.task.RepeatingTask;

/**
 * Runs the jobs that must run in one process only (the payment watcher and its companions) while this process holds
 * the {@link WatcherLease}. Every second: a standby tries to take the lease, the holder checks it still holds it. On
 * taking it, fresh jobs are started ({@code jobs} makes them, started); on losing it, they are stopped at once, and the
 * next round tries to take it again. The holder writes that it holds it in the {@link ProcessRegistry}, so that any
 * process can name it.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    static final Duration EVERY = Duration.ofSeconds(1);

    private final WatcherLease lease;
    private final ProcessRegistry registry;
    private final Supplier<? extends AutoCloseable> jobs;
    private final RepeatingTask task;
    private AutoCloseable running;
    private volatile boolean holds;
    private boolean closed;

    public LeaseKeeper(WatcherLease lease, ProcessRegistry registry, Supplier<? extends AutoCloseable> jobs) {
        this.lease = lease;
        this.registry = registry;
        this.jobs = jobs;
        this.task = new RepeatingTask("watcher-lease", EVERY, this::round);
    }

    /**
     * Tries at once (a lone process, and every H2 one, starts its jobs before Till answers its first request), then
     * every second.
     */
    public LeaseKeeper start() {
        round();
        if (!holds) {
            log.info("Process {} is a standby: {} holds the watcher lease; this one tries every second to take it over",
                    registry.self().name(), holderForLog());
        }
        task.start(EVERY);
        return this;
    }

    private String holderForLog() {
        try {
            return registry.watcherHolder().map(name -> "process " + name).orElse("another process");
        } catch (RuntimeException e) {
            return "another process";
        }
    }

    /** Whether this process holds the lease (and runs the jobs) now. */
    public boolean holds() {
        return holds;
    }

    /** The name of the process holding the lease: this one's, or the one the registry names; empty while none does. */
    public Optional<String> holder() {
        return holds ? Optional.of(registry.self().name()) : registry.watcherHolder();
    }

    public String processName() {
        return registry.self().name();
    }

    private synchronized void round() {
        if (closed) {
            return;
        }
        if (holds) {
            if (lease.stillHeld()) {
                return;
            }
            lost();
        }
        if (lease.tryTake()) {
            taken();
        }
    }

    private void taken() {
        log.info("Process {} took the watcher lease: it runs the payment watcher, the resolver and the expirer",
                registry.self().name());
        holds = true;
        markHolder(true);
        try {
            running = jobs.get();
        } catch (RuntimeException e) {
            // Another process may do better: give the lease up, try again next round.
            log.error("The jobs of the watcher lease could not start; giving the lease up", e);
            holds = false;
            lease.close();
            markHolder(false);
        }
    }

    private void lost() {
        log.warn("Process {} lost the watcher lease (its database session is gone): stopping the payment watcher, "
                + "the resolver and the expirer; trying to take it again", registry.self().name());
        holds = false;
        stopJobs();
        markHolder(false);
    }

    private void stopJobs() {
        AutoCloseable stopping = running;
        running = null;
        if (stopping != null) {
            try {
                stopping.close();
            } catch (Exception e) {
                log.warn("Stopping the jobs of the watcher lease failed", e);
            }
        }
    }

    private void markHolder(boolean holder) {
        try {
            registry.holdsWatcher(holder);
        } catch (RuntimeException e) {
            log.warn("Could not write whether this process holds the watcher lease ({})", e.getMessage());
        }
    }

    /** Stops the jobs and gives the lease up, so that a standby takes over at its next try. */
    @Override
    public void close() {
        task.close();
        synchronized (this) {
            closed = true;
            boolean held = holds;
            holds = false;
            stopJobs();
            lease.close();
            if (held) {
                markHolder(false);
                log.info("Process {} gave the watcher lease up", registry.self().name());
            }
        }
    }
}
