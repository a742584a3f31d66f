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
    }

    static void print(ScenarioResult s, PrintStream out) {
        out.printf("%n### %s (`%s`)%n%n", s.title(), s.name());
        if (s.skipped() != null) {
            out.println("Skipped: " + s.skipped());
            return;
        }
        s.notes().forEach(note -> out.println("- " + note));
        out.println();
        out.println("| measure | value | baseline (same run) | ratio |");
        out.println("| --- | ---: | --- | ---: |");
        for (ScenarioResult.Row row : s.rows()) {
            String baseline = row.baseline() == null ? "" : row.baseline() + " " + number(row.baselineValue(), row.unit());
            String ratio = Double.isNaN(row.ratio()) ? "" : String.format(Locale.ROOT, "%.2f×", row.ratio());
            out.printf("| %s | %s | %s | %s |%n", row.measure(), number(row.value(), row.unit()), baseline, ratio);
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
