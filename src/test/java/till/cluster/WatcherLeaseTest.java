package till.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import till.Await;
import till.FirstRunOnly;
import till.TestPostgres;
import till.TestTill;
import till.bench.ThrowawayPostgres;
import till.store.Database;
import till.store.DatabaseSetting;

/**
 * The lease on PostgreSQL without Till around it: one of two keepers runs the jobs; when the holder's session is cut
 * (as a dead connection would be), it stops its jobs at once, and one keeper (either) runs them again.
 */
@FirstRunOnly
class WatcherLeaseTest {

    /** Jobs that count how many of them run now, in all keepers together. */
    private static final class Jobs {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();

        AutoCloseable start() {
            started.incrementAndGet();
            running.incrementAndGet();
            return running::decrementAndGet;
        }
    }

    @Test
    void aHolderWhoseSessionIsCutStopsItsJobsAndOneKeeperRunsThemAgain() throws Exception {
        assumeTrue(TestPostgres.available());
        ThrowawayPostgres pg = TestPostgres.cluster();
        String db = pg.newDatabase();
        DatabaseSetting setting = DatabaseSetting.of(pg.url(db), ThrowawayPostgres.USER, null);
        Path dir = TestTill.tempDir();
        Jobs jobs = new Jobs();
        try (Database database = Database.open(dir, setting);
             ProcessRegistry registryA = new ProcessRegistry(database.jdbi(), ProcessIdentity.named("a"),
                     ProcessRegistry.Settings.DEFAULT, false).start();
             ProcessRegistry registryB = new ProcessRegistry(database.jdbi(), ProcessIdentity.named("b"),
                     ProcessRegistry.Settings.DEFAULT, false).start();
             LeaseKeeper a = new LeaseKeeper(WatcherLease.of(database), registryA, jobs::start).start();
             LeaseKeeper b = new LeaseKeeper(WatcherLease.of(database), registryB, jobs::start).start()) {
            assertTrue(a.holds());
            assertFalse(b.holds());
            assertEquals(1, jobs.running.get());
            assertEquals(Optional.of("a"), b.holder(), "the standby reads the holder's name from the registry");

            try (Connection admin = pg.connect(db); Statement cut = admin.createStatement()) {
                cut.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                        + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            }
            Await.until("the jobs started again by one keeper", Duration.ofSeconds(10),
                    () -> jobs.started.get() == 2 && jobs.running.get() == 1 && a.holds() != b.holds());
            Await.until("the holder named", Duration.ofSeconds(5), () -> a.holder().equals(b.holder()));

            LeaseKeeper holder = a.holds() ? a : b;
            LeaseKeeper standby = holder == a ? b : a;
            holder.close();
            // It holds the lock a moment before its jobs have started: wait for both.
            Await.until("the standby took over and runs the jobs", Duration.ofSeconds(5),
                    () -> standby.holds() && jobs.running.get() == 1);
            assertEquals(3, jobs.started.get(), "started once more, by the standby");
        }
        assertEquals(0, jobs.running.get(), "closing stops the jobs");
    }
}
