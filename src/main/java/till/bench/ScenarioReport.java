package till.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects a scenario's rows, targets and notes while it reads its medians. */
final class ScenarioReport {
    private final List<String> notes = new ArrayList<>();
    private final List<ScenarioResult.Row> rows = new ArrayList<>();
    private final List<ScenarioResult.Target> targets = new ArrayList<>();
    private final Map<String, List<Double>> series = new LinkedHashMap<>();

    ScenarioReport note(String note) {
        notes.add(note);
        return this;
    }

    ScenarioReport row(String measure, double value, String unit) {
        return row(measure, value, unit, null, Double.NaN);
    }

    ScenarioReport row(String measure, double value, String unit, String baseline, double baselineValue) {
        rows.add(new ScenarioResult.Row(measure, value, unit, baseline, baselineValue));
        return this;
    }

    ScenarioReport atMost(String what, double value, double limit, String unit) {
        targets.add(new ScenarioResult.Target(what, value, "<=", limit, unit));
        return this;
    }

    ScenarioReport atLeast(String what, double value, double limit, String unit) {
        targets.add(new ScenarioResult.Target(what, value, ">=", limit, unit));
        return this;
    }

    ScenarioReport series(String name, List<Double> values) {
        series.put(name, values);
        return this;
    }

    /** The result; the bench names its variant ({@link ScenarioResult#on}), which a scenario does not know. */
    ScenarioResult build(String name, String title, Samples samples) {
        return new ScenarioResult(name, title, null, samples.runs().size(), null, null, notes, rows, targets, samples.runs(), series);
    }
}
