package till.task;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.node.NodeException;

/**
 * A background job run again and again with a fixed pause, on its own daemon thread. A round that fails never
 * ends the schedule, whatever it throws (an executor silently drops a schedule whose task throws): a node outage
 * just waits for the next round, anything else, an {@link Error} included, is logged first.
 */
public final class RepeatingTask implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RepeatingTask.class);

    private final String name;
    private final Duration pause;
    private final Runnable round;
    private ScheduledExecutorService timer;

    public RepeatingTask(String name, Duration pause, Runnable round) {
        this.name = name;
        this.pause = pause;
        this.round = round;
    }

    /** The first round runs after {@code initialDelay}; the thread exists from here on, not from the constructor. */
    public synchronized void start(Duration initialDelay) {
        if (timer != null) {
            throw new IllegalStateException(name + " has already started");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::runRound, initialDelay.toMillis(), pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runRound() {
        try {
            round.run();
        } catch (NodeException e) {
            log.debug("{} waits for the node: {}", name, e.getMessage());
        } catch (Throwable e) {
            log.error("{} failed; trying again in {} ms", name, pause.toMillis(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
