package till.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code till bench}: runs the scenarios of issue 7 against child JVMs and reports tables and JSON. */
public final class Bench {
    private static final Map<String, Scenario> SCENARIOS = Map.of(
            InvoiceCreationScenario.NAME, new InvoiceCreationScenario(),
            PaymentNotificationScenario.NAME, new PaymentNotificationScenario(),
            WaitingSocketsScenario.NAME, new WaitingSocketsScenario(),
            SettlementScenario.NAME, new SettlementScenario(),
            StorageScenario.NAME, new StorageScenario(),
            OnchainNotificationScenario.NAME, new OnchainNotificationScenario());

    private Bench() {}

    /** Runs the bench; returns the process exit code (0 measured, 1 failed, 2 bad options). */
    public static int run(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("till bench: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            System.out.println(BenchOptions.usage());
            return 0;
        }
        try {
            Path written = measure(options).write(options.outDir());
            System.out.println();
            System.out.println("Written to " + written.toAbsolutePath() + " and latest.json beside it.");
            return 0;
        } catch (Exception e) {
            System.err.println("till bench: failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    static BenchReport measure(BenchOptions options) throws Exception {
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        MachineInfo machine = MachineInfo.current(options.java());
        BenchHttp http = new BenchHttp();
        Path work = Files.createTempDirectory("till-bench");
        List<ScenarioResult> results = new ArrayList<>();
        for (String name : options.scenarioList()) {
            Scenario scenario = SCENARIOS.get(name);
            int runs = heavy(name) ? options.heavyRuns() : options.runs();
            System.out.printf("%n== %s: %d run(s)%s ...%n", scenario.title, runs, options.quick() ? ", quick" : "");
            Path dir = work.resolve(name);
            try (BenchCluster cluster = BenchCluster.create(options, dir, http)) {
                ScenarioResult result = scenario.needsSimulatedPayer && !cluster.simulated()
                        ? ScenarioResult.skipped(name, scenario.title, "needs the simulated node's payer; CLN_REST_URL names a real node")
                        : scenario.run(options, runs, cluster, http);
                results.add(result);
                ResultsTable.print(result, System.out);
            } catch (Exception e) {
                throw new IllegalStateException(name + " failed; child logs are in " + dir, e);
            }
            deleteTree(dir);
        }
        deleteTree(work);
        BenchReport report = new BenchReport(started, machine, options.runs(), options.heavyRuns(), options.quick(), results);
        System.out.println();
        System.out.println("## Summary");
        ResultsTable.print(report, System.out);
        return report;
    }

    private static boolean heavy(String name) {
        return name.equals(WaitingSocketsScenario.NAME) || name.equals(SettlementScenario.NAME);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up " + dir, e);
        }
    }
}
