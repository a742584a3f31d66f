package till.task;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What has been opened, closed in reverse order. Every part is closed even when some throw: the first failure is
 * thrown with the later ones added to it as suppressed. A start that fails half-way closes through the same list.
 */
public final class Closer implements AutoCloseable {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Registers {@code part} to be closed (before everything registered earlier); returns it. */
    public synchronized <T extends AutoCloseable> T add(T part) {
        opened.push(part);
        return part;
    }

    /** Closes everything after {@code failure} (of a start); a failure to close is added to it as suppressed. */
    public void closeAfter(Throwable failure) {
        try {
            close();
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        Throwable first = null;
        AutoCloseable part;
        while ((part = next()) != null) {
            try {
                part.close();
            } catch (Exception | Error e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (first instanceof Error error) {
            throw error;
        }
        if (first != null) {
            throw new IllegalStateException("closing failed", first);
        }
    }

    private synchronized AutoCloseable next() {
        return opened.poll();
    }
}
