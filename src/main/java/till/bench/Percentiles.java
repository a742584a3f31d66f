package till.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of durations measured in nanoseconds, reported in milliseconds. */
record Percentiles(int count, double p50Ms, double p99Ms, double maxMs) {

    static Percentiles ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, ms(rank(sorted, 0.50)), ms(rank(sorted, 0.99)), ms(sorted[sorted.length - 1]));
    }

    /** Adds {@code <prefix>.p50_ms}, {@code .p99_ms} and {@code .max_ms} to a run's measurements. */
    void into(java.util.Map<String, Double> measurements, String prefix) {
        measurements.put(prefix + ".p50_ms", p50Ms);
        measurements.put(prefix + ".p99_ms", p99Ms);
        measurements.put(prefix + ".max_ms", maxMs);
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Median of values, ignoring NaN; NaN when there are none. */
    static double median(double... values) {
        double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (known.length == 0) {
            return Double.NaN;
        }
        int mid = known.length / 2;
        return known.length % 2 == 1 ? known[mid] : (known[mid - 1] + known[mid]) / 2;
    }
}
