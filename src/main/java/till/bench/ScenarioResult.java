package till.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What one scenario found: rows (a figure, and the baseline measured in the same run it is compared with), the
 * targets checked, notes on what the figures include, every run's raw measurements, and series over time.
 */
record ScenarioResult(String name, String title, int runs, String skipped, List<String> notes, List<Row> rows,
                      List<Target> targets, List<Map<String, Double>> perRun, Map<String, List<Double>> series) {

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

    static ScenarioResult skipped(String name, String title, String reason) {
        return new ScenarioResult(name, title, 0, reason, List.of(), List.of(), List.of(), List.of(), Map.of());
    }
}
