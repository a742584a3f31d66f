package till.task;

import java.time.Duration;

/** A loop's wait before it tries again, which closing the loop cuts short ({@link #wake}). */
public final class Pause {
    private final Object lock = new Object();

    /** Waits up to {@code duration}, or until {@link #wake}; false when the thread was interrupted (stop the loop). */
    public boolean await(Duration duration) {
        synchronized (lock) {
            try {
                lock.wait(duration.toMillis());
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Ends every wait now. */
    public void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }
}
