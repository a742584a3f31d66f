package till.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The measurements of each run of a scenario, by name, and their medians: the machine is shared and noisy. */
record Samples(List<Map<String, Double>> runs) {
    /** One run's measurements. */
    interface Run {
        Map<String, Double> measure(int run) throws Exception;
    }

    static Samples repeat(int times, Run run) throws Exception {
        List<Map<String, Double>> runs = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            runs.add(run.measure(i));
        }
        return new Samples(runs);
    }

    /** The median over the runs; NaN when no run measured it. */
    double median(String name) {
        return Percentiles.median(runs.stream().mapToDouble(r -> r.getOrDefault(name, Double.NaN)).toArray());
    }
}
