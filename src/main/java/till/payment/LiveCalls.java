package till.payment;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Payments whose call (to the node, or an internal settlement) is running in this process: the resolver leaves them
 * be. Those of other processes are known by the process that wrote them ({@link PaymentHandlers}).
 */
final class LiveCalls {
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    <T> T during(String paymentId, Supplier<T> call) {
        add(paymentId);
        try {
            return call.get();
        } finally {
            remove(paymentId);
        }
    }

    void add(String paymentId) {
        running.add(paymentId);
    }

    void remove(String paymentId) {
        running.remove(paymentId);
    }

    boolean isRunning(String paymentId) {
        return running.contains(paymentId);
    }
}
