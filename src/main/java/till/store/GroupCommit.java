package till.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: small writes from many concurrent callers go into one database transaction, so they share one
 * commit (H2 serialises commits, and each one writes to the file). A write's future completes only once it has
 * committed, exactly as with a transaction of its own; if a batch fails, its items are retried one by one so a
 * bad item fails alone. Items are written in the order they were submitted.
 */
public final class GroupCommit<T, R> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final int MAX_BATCH = 500;

    private record Pending<T, R>(T item, CompletableFuture<R> done) {}

    private final Jdbi jdbi;
    private final BiFunction<Handle, T, R> writer;
    private final BlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    public GroupCommit(Jdbi jdbi, String name, BiFunction<Handle, T, R> writer) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code item}; the future completes with the writer's result once the item's batch has committed. */
    public CompletableFuture<R> submit(T item) {
        CompletableFuture<R> done = new CompletableFuture<>();
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
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Pending<T, R>> batch) {
        List<R> results;
        try {
            results = jdbi.inTransaction(handle -> {
                List<R> written = new ArrayList<>(batch.size());
                batch.forEach(p -> written.add(writer.apply(handle, p.item())));
                return written;
            });
        } catch (RuntimeException batchFailed) {
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
            pending.done().complete(jdbi.inTransaction(handle -> writer.apply(handle, pending.item())));
        } catch (RuntimeException e) {
            pending.done().completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
