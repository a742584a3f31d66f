package till.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: small writes from many concurrent requests go into one database transaction, so they share one
 * commit (H2 serialises commits, and each one writes to the file). A caller returns only once its write has
 * committed, exactly as with a transaction of its own; if a batch fails, its items are retried one by one so a
 * bad item fails alone.
 */
public final class GroupCommit<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final int MAX_BATCH = 500;

    private record Pending<T>(T item, CompletableFuture<Void> done) {}

    private final Jdbi jdbi;
    private final BiConsumer<Handle, T> writer;
    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    public GroupCommit(Jdbi jdbi, String name, BiConsumer<Handle, T> writer) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes {@code item} and returns once it is committed; rethrows the write's own failure. */
    public void write(T item) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending<>(item, done));
        try {
            done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a commit", e);
        }
    }

    private void run() {
        List<Pending<T>> batch = new ArrayList<>();
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

    private void commit(List<Pending<T>> batch) {
        try {
            jdbi.useTransaction(handle -> batch.forEach(p -> writer.accept(handle, p.item())));
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(batchFailed);
                return;
            }
            log.debug("A group commit of {} failed; writing them one by one", batch.size(), batchFailed);
            for (Pending<T> pending : batch) {
                try {
                    jdbi.useTransaction(handle -> writer.accept(handle, pending.item()));
                    pending.done().complete(null);
                } catch (RuntimeException e) {
                    pending.done().completeExceptionally(e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
