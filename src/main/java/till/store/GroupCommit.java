package till.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: small writes from many concurrent callers go into one database transaction, so they share one
 * commit (H2 serialises commits, and each one writes to the file). A write's future completes only once it has
 * committed, exactly as with a transaction of its own; if a batch fails, its items are retried one by one so a
 * bad item fails alone. Items are written in the order they were submitted. The writer gets the whole batch, so
 * it can write it with a few batched statements instead of several statements per item.
 */
public final class GroupCommit<T, R> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final int MAX_BATCH = 500;

    /** Writes a batch inside the open transaction; returns one result per item, in order. */
    @FunctionalInterface
    public interface BatchWriter<T, R> {
        List<R> write(Handle handle, List<T> items);
    }

    private record Pending<T, R>(T item, CompletableFuture<R> done) {}

    private final Jdbi jdbi;
    private final BatchWriter<T, R> writer;
    private final Duration linger;
    private final BlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean started;

    public GroupCommit(Jdbi jdbi, String name, BatchWriter<T, R> writer) {
        this(jdbi, name, Duration.ZERO, writer);
    }

    /** With a {@code linger}, a batch waits that long after its first item for more: fewer, larger commits. */
    public GroupCommit(Jdbi jdbi, String name, Duration linger, BatchWriter<T, R> writer) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.linger = linger;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /**
     * Queues {@code item}; the future completes with the writer's result once the item's batch has committed. The
     * writer thread starts with the first item, not with the constructor: a service wired but never used (a start
     * that failed half-way) leaves no thread behind. After {@link #close()} the future fails at once.
     */
    public CompletableFuture<R> submit(T item) {
        CompletableFuture<R> done = new CompletableFuture<>();
        synchronized (this) {
            if (!running) {
                done.completeExceptionally(new IllegalStateException(thread.getName() + " is closed"));
                return done;
            }
            if (!started) {
                started = true;
                thread.start();
            }
        }
        queue.add(new Pending<>(item, done));
        return done;
    }

    /** Writes {@code item} and returns once it has committed; rethrows the write's own failure. */
    public R write(T item) {
        try {
            return submit(item).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a commit", e);
        }
    }

    private void run() {
        List<Pending<T, R>> batch = new ArrayList<>();
        while (running) {
            try {
                batch.add(queue.take());
                long deadline = System.nanoTime() + linger.toNanos();
                queue.drainTo(batch, MAX_BATCH - 1);
                long left;
                while (batch.size() < MAX_BATCH && (left = deadline - System.nanoTime()) > 0) {
                    Pending<T, R> more = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (more == null) {
                        break;
                    }
                    batch.add(more);
                    queue.drainTo(batch, MAX_BATCH - batch.size());
                }
            } catch (InterruptedException e) {
                running = false; // closing: what was taken is still written
            }
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
        }
    }

    private void commit(List<Pending<T, R>> batch) {
        List<R> results;
        try {
            results = jdbi.inTransaction(handle -> writer.write(handle, batch.stream().map(Pending::item).toList()));
        } catch (Throwable batchFailed) {
            // Any Throwable: an Error escaping here would end the writer thread and leave every later write waiting.
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(batchFailed);
            } else {
                log.debug("A group commit of {} failed; writing them one by one", batch.size(), batchFailed);
                batch.forEach(this::commitAlone);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(results.get(i));
        }
    }

    private void commitAlone(Pending<T, R> pending) {
        try {
            pending.done().complete(jdbi.inTransaction(handle -> writer.write(handle, List.of(pending.item())).get(0)));
        } catch (Throwable e) {
            pending.done().completeExceptionally(e);
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        thread.interrupt();
    }
}
