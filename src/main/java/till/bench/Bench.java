package till.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import till.store.Database;

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

    /** Runs the bench; returns the process exit code (0 measured, 1 a scenario failed, 2 bad options). */
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
        if (options.databases().contains(Database.Kind.POSTGRESQL) && ThrowawayPostgres.binaries().isEmpty()) {
            System.err.println("till bench: --database postgresql: PostgreSQL is not installed (Debian: apt-get install postgresql)");
            return 2;
        }
        try {
            BenchReport report = measure(options);
            Path written = report.write(options.outDir());
            System.out.println();
            System.out.println("Written to " + written.toAbsolutePath() + " and latest.json beside it.");
            return report.scenarios().stream().anyMatch(s -> s.failed() != null) ? 1 : 0;
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
        boolean postgresInstalled = ThrowawayPostgres.binaries().isPresent();
        if (!postgresInstalled) {
            System.out.println("PostgreSQL is not installed (Debian: apt-get install postgresql): measuring on H2 only.");
        }
        Map<String, List<Variant>> plan = new LinkedHashMap<>();
        options.scenarioList().forEach(name -> plan.put(name, options.variants(SCENARIOS.get(name), postgresInstalled)));
        boolean needsPostgres = plan.values().stream().flatMap(List::stream)
                .anyMatch(variant -> variant.database() == Database.Kind.POSTGRESQL);
        List<ScenarioResult> results = new ArrayList<>();
        // One throw-away cluster for the run; each scenario and variant gets a fresh database in it.
        try (ThrowawayPostgres postgres = needsPostgres ? ThrowawayPostgres.start() : null) {
            plan.forEach((name, variants) -> {
                Scenario scenario = SCENARIOS.get(name);
                if (variants.isEmpty()) {
                    results.add(ScenarioResult.skipped(name, scenario.title, Variant.H2, "runs on H2 only, which --database left out"));
                }
                for (Variant variant : variants) {
                    if (variant.database() == Database.Kind.H2) {
                        results.add(measure(scenario, variant, BenchCluster.Storage.H2_FILE, options, work, http));
                    } else {
                        String database = postgres.newDatabase();
                        results.add(measure(scenario, variant, new BenchCluster.Storage(postgres.env(database),
                                postgres.serverPid()), options, work, http));
                        postgres.dropDatabase(database); // so that no vacuum of it runs during the next measurement
                    }
                }
                VariantComparison.of(results.subList(results.size() - variants.size(), results.size()))
                        .ifPresent(comparison -> ResultsTable.print(comparison, System.out));
            });
        }
        if (results.stream().allMatch(result -> result.failed() == null)) {
            deleteTree(work); // else the failed variants' logs stay
        }
        BenchReport report = new BenchReport(started, machine, options.runs(), options.heavyRuns(), options.quick(), results);
        System.out.println();
        System.out.println("## Summary");
        ResultsTable.print(report, System.out);
        return report;
    }

    /**
     * One scenario on one variant, with a fresh node and database of its own. A failure is reported as the variant's
     * result (its child logs kept), so that the other variants and scenarios are still measured.
     */
    private static ScenarioResult measure(Scenario scenario, Variant variant, BenchCluster.Storage storage,
                                          BenchOptions options, Path work, BenchHttp http) {
        int runs = heavy(scenario.name) ? options.heavyRuns() : options.runs();
        System.out.printf("%n== %s on %s: %d run(s)%s ...%n", scenario.title, variant.label(), runs,
                options.quick() ? ", quick" : "");
        Path dir = work.resolve(scenario.name + "-" + variant.database().label() + "-" + variant.processes());
        ScenarioResult result;
        try (BenchCluster cluster = BenchCluster.create(options, dir, http, variant, storage)) {
            result = (scenario.needsSimulatedPayer && !cluster.simulated()
                    ? ScenarioResult.skipped(scenario.name, scenario.title, variant, "needs the simulated node's payer; CLN_REST_URL names a real node")
                    : scenario.run(options, runs, cluster, http)).on(variant);
        } catch (Exception e) {
            e.printStackTrace();
            result = ScenarioResult.failed(scenario.name, scenario.title, variant, e + "; child logs are in " + dir);
        }
        ResultsTable.print(result, System.out);
        if (result.failed() == null) {
            deleteTree(dir);
        }
        return result;
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
