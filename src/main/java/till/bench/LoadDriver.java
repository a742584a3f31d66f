package till.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop load: {@code concurrency} workers each send the next request as soon as their previous one is
 * answered, until {@code requests} have been sent. Workers are platform threads on every JDK (64 at most here), so
 * a figure means the same whichever JDK runs the bench.
 */
final class LoadDriver {
    /** One request; throws when it failed (the failure is counted, its latency is not). */
    interface Call {
        void send(int index) throws Exception;
    }

    record Result(int requests, int errors, String firstError, double seconds, Percentiles latency) {
        double perSecond() {
            return (requests - errors) / seconds;
        }

        /** Adds throughput, latency percentiles and the error count under {@code prefix} to a run's measurements. */
        void into(java.util.Map<String, Double> measurements, String prefix) {
            if (errors == requests) {
                throw new IllegalStateException(prefix + ": every request failed, the first with: " + firstError);
            }
            measurements.put(prefix + ".per_s", perSecond());
            measurements.put(prefix + ".errors", (double) errors);
            latency.into(measurements, prefix);
        }
    }

    private LoadDriver() {}

    static Result run(int requests, int concurrency, Call call) {
        long[] latencies = new long[requests];
        Arrays.fill(latencies, -1);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "bench-load");
            thread.setDaemon(true);
            return thread;
        });
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                running.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        try {
                            call.send(i);
                            latencies[i] = System.nanoTime() - t;
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, String.valueOf(e.getMessage()));
                        }
                    }
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            workers.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] answered = Arrays.stream(latencies).filter(l -> l >= 0).toArray();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(requests, errors.get(), firstError.get(), seconds, Percentiles.ofNanos(answered));
    }
}
