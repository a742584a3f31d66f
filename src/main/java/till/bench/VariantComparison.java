package till.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scenario's figures on each variant it ran on, each beside the first variant's (H2's, measured in the same run)
 * as a ratio: the same machine, moments apart, so the ratio says more than the figures do.
 */
record VariantComparison(String name, String title, List<Variant> variants, List<Line> lines) {

    /** A row's figure on each variant, in the order of {@link #variants()}; NaN where it was not measured. */
    record Line(String measure, String unit, List<Double> values) {
        /** Each value ÷ the first variant's; none where a figure is below zero (a difference, such as an overhead). */
        @JsonProperty
        public List<Double> ratios() {
            double first = values.get(0);
            return values.stream().map(v -> first > 0 && v >= 0 ? v / first : Double.NaN).toList();
        }
    }

    /** The comparison of one scenario's results, when it was measured on more than one variant. */
    static Optional<VariantComparison> of(List<ScenarioResult> results) {
        List<ScenarioResult> measured = results.stream().filter(r -> r.skipped() == null && r.failed() == null).toList();
        if (measured.size() < 2) {
            return Optional.empty();
        }
        // Every variant's rows, in the order they first appear: some are measured only with several processes.
        Map<String, String> units = new LinkedHashMap<>();
        measured.forEach(r -> r.rows().forEach(row -> units.putIfAbsent(row.measure(), row.unit())));
        List<Line> lines = new ArrayList<>();
        units.forEach((measure, unit) -> lines.add(new Line(measure, unit,
                measured.stream().map(r -> value(r, measure)).toList())));
        ScenarioResult first = measured.get(0);
        return Optional.of(new VariantComparison(first.name(), first.title(),
                measured.stream().map(ScenarioResult::variant).toList(), lines));
    }

    private static double value(ScenarioResult result, String measure) {
        return result.rows().stream().filter(r -> r.measure().equals(measure)).mapToDouble(ScenarioResult.Row::value)
                .findFirst().orElse(Double.NaN);
    }
}
