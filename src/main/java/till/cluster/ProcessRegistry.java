package till.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.task.RepeatingTask;

/**
 * The Till processes running on this database: each writes its heartbeat every {@link Settings#heartbeatEvery()};
 * one whose heartbeat is older than {@link Settings#staleAfter()} is taken for dead and its row purged. Times are the
 * system's wall clock, not Till's clock: they are compared across processes, and tests move Till's clock forward.
 */
public final class ProcessRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessRegistry.class);

    public record Settings(Duration heartbeatEvery, Duration staleAfter) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    private final Jdbi jdbi;
    private final ProcessIdentity self;
    private final Settings settings;
    private final boolean alone;
    private final Clock clock = Clock.systemUTC();
    private final RepeatingTask heartbeat;
    private volatile boolean failing;

    /**
     * {@code alone}: no other process can use this database (the embedded H2 file), so the rows found at start are of
     * earlier runs, over for sure: their payments need not wait for the rows to go stale.
     */
    public ProcessRegistry(Jdbi jdbi, ProcessIdentity self, Settings settings, boolean alone) {
        this.jdbi = jdbi;
        this.self = self;
        this.settings = settings;
        this.alone = alone;
        this.heartbeat = new RepeatingTask("process-heartbeat", settings.heartbeatEvery(), this::beat);
    }

    /** Writes this process's row, then its heartbeat in the background. */
    public ProcessRegistry start() {
        jdbi.useTransaction(handle -> {
            ProcessDao dao = handle.attach(ProcessDao.class);
            if (alone) {
                dao.deleteAll();
            }
            dao.insert(self.id(), self.name(), clock.instant());
        });
        heartbeat.start(settings.heartbeatEvery());
        return this;
    }

    public ProcessIdentity self() {
        return self;
    }

    private void beat() {
        Instant now = clock.instant();
        try {
            jdbi.useTransaction(handle -> {
                ProcessDao dao = handle.attach(ProcessDao.class);
                if (dao.beat(self.id(), now) == 0) {
                    // Purged by another process while this one could not write: it is back.
                    dao.insert(self.id(), self.name(), now);
                }
                dao.purge(now.minus(settings.staleAfter()));
            });
            if (failing) {
                failing = false;
                log.info("Process heartbeat written again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("Process heartbeat cannot be written ({}); retrying every {} s", e.getMessage(),
                        settings.heartbeatEvery().toSeconds());
            }
        }
    }

    /** The ids of the processes alive now, this one always among them. */
    public Set<String> alive() {
        Set<String> alive = new HashSet<>(jdbi.withExtension(ProcessDao.class, dao -> dao.alive(freshSince())));
        alive.add(self.id());
        return alive;
    }

    /** Writes that this process holds the watcher lease now (and no other), or that it no longer does. */
    void holdsWatcher(boolean holds) {
        jdbi.useExtension(ProcessDao.class, dao -> {
            if (holds) {
                dao.holder(self.id());
            } else {
                dao.notHolder(self.id());
            }
        });
    }

    /** The name of the live process that wrote it holds the watcher lease, if any. */
    Optional<String> watcherHolder() {
        return jdbi.withExtension(ProcessDao.class, dao -> dao.holderName(freshSince()));
    }

    private Instant freshSince() {
        return clock.instant().minus(settings.staleAfter());
    }

    /** Stops the heartbeat and removes this process's row: the others see at once that its calls are over. */
    @Override
    public void close() {
        heartbeat.close();
        try {
            jdbi.useExtension(ProcessDao.class, dao -> dao.delete(self.id()));
        } catch (RuntimeException e) {
            log.warn("This process's row could not be removed ({}); it is purged once stale", e.getMessage());
        }
    }
}
