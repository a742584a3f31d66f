package till.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What one scenario found on one variant (database and Till processes): rows (a figure, and the baseline measured in
 * the same run it is compared with), the targets checked, notes on what the figures include, every run's raw
 * measurements, and series over time; or why it was skipped, or how it failed.
 */
record ScenarioResult(String name, String title, Variant variant, int runs, String skipped, String failed,
                      List<String> notes, List<Row> rows, List<Target> targets, List<Map<String, Double>> perRun,
                      Map<String, List<Double>> series) {

    /** A figure; with a baseline, also value ÷ baseline. NaN means "could not be measured". */
    record Row(String measure, double value, String unit, String baseline, double baselineValue) {
        @JsonProperty
        public double ratio() {
            return Double.isNaN(baselineValue) || baselineValue == 0 ? Double.NaN : value / baselineValue;
        }
    }

    /** A target of issue 7: {@code value comparison limit}, e.g. {@code 3.1 <= 5 ms}. */
    record Target(String what, double value, String comparison, double limit, String unit) {
        @JsonProperty
        public boolean pass() {
            return !Double.isNaN(value) && (comparison.equals("<=") ? value <= limit : value >= limit);
        }
    }

    static ScenarioResult skipped(String name, String title, Variant variant, String reason) {
        return new ScenarioResult(name, title, variant, 0, reason, null, List.of(), List.of(), List.of(), List.of(), Map.of());
    }

    /** A scenario that failed on {@code variant}: the others still run and are reported. */
    static ScenarioResult failed(String name, String title, Variant variant, String why) {
        return new ScenarioResult(name, title, variant, 0, null, why, List.of(), List.of(), List.of(), List.of(), Map.of());
    }

    /** The same result, measured on {@code variant}. */
    ScenarioResult on(Variant variant) {
        return new ScenarioResult(name, title, variant, runs, skipped, failed, notes, rows, targets, perRun, series);
    }
}
