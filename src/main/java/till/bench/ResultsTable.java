package till.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints the results as Markdown tables: readable in a terminal and pasted as they are into the README. */
final class ResultsTable {
    private ResultsTable() {}

    static void print(BenchReport report, PrintStream out) {
        MachineInfo m = report.machine();
        out.printf("%nTill %s benchmark, %s: %d cores (%s), %d MB; Till's JVM: %s; runs: %d (heavy scenarios: %d)%s%n",
                m.tillVersion(), report.startedAtUtc(), m.cores(), m.cpu(), m.memoryMb(), m.tillJava(), report.runs(),
                report.heavyRuns(), report.quick() ? "; QUICK sizes (smoke run, not comparable)" : "");
        for (ScenarioResult scenario : report.scenarios()) {
            print(scenario, out);
        }
        report.comparisons().forEach(comparison -> print(comparison, out));
    }

    static void print(ScenarioResult s, PrintStream out) {
        out.printf("%n### %s (`%s`, %s)%n%n", s.title(), s.name(), s.variant().label());
        if (s.skipped() != null) {
            out.println("Skipped: " + s.skipped());
            return;
        }
        if (s.failed() != null) {
            out.println("**FAILED**: " + s.failed());
            return;
        }
        s.notes().forEach(note -> out.println("- " + note));
        out.println();
        out.println("| measure | value | baseline (same run) | ratio |");
        out.println("| --- | ---: | --- | ---: |");
        for (ScenarioResult.Row row : s.rows()) {
            String baseline = row.baseline() == null ? "" : row.baseline() + " " + number(row.baselineValue(), row.unit());
            out.printf("| %s | %s | %s | %s |%n", row.measure(), number(row.value(), row.unit()), baseline, ratio(row.ratio()));
        }
        if (!s.targets().isEmpty()) {
            out.println();
            out.println("| target | measured | limit | |");
            out.println("| --- | ---: | ---: | --- |");
            for (ScenarioResult.Target t : s.targets()) {
                out.printf("| %s | %s | %s %s | %s |%n", t.what(), number(t.value(), t.unit()), t.comparison(),
                        number(t.limit(), t.unit()), t.pass() ? "pass" : "**FAIL**");
            }
        }
    }

    /** The figures of every variant side by side, each with its ratio to the first (H2). */
    static void print(VariantComparison c, PrintStream out) {
        out.printf("%n### %s (`%s`) on each database%n%n", c.title(), c.name());
        StringBuilder header = new StringBuilder("| measure | " + c.variants().get(0).label() + " |");
        StringBuilder rule = new StringBuilder("| --- | ---: |");
        for (Variant variant : c.variants().subList(1, c.variants().size())) {
            header.append(' ').append(variant.label()).append(" | ratio |");
            rule.append(" ---: | ---: |");
        }
        out.println(header);
        out.println(rule);
        for (VariantComparison.Line line : c.lines()) {
            StringBuilder row = new StringBuilder("| " + line.measure() + " | " + number(line.values().get(0), line.unit()) + " |");
            for (int i = 1; i < line.values().size(); i++) {
                row.append(' ').append(number(line.values().get(i), line.unit())).append(" | ")
                        .append(ratio(line.ratios().get(i))).append(" |");
            }
            out.println(row);
        }
    }

    private static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String number(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        String digits = Math.abs(value) >= 100 || value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.format(Locale.ROOT, "%,.0f", value)
                : Math.abs(value) >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
        return unit.isEmpty() ? digits : digits + " " + unit;
    }
}
