package till.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import till.node.InvoiceDescription;

/**
 * Scenario 1: {@code POST /invoice/add} throughput and latency at concurrency 1, 16 and 64, next to two baselines
 * measured in the same run at the same concurrency: the node's own {@code invoice} call made directly with the
 * client Till itself uses (so Till's overhead is the difference), and {@code GET /version} (Till's HTTP stack with
 * no node and no database: the ceiling).
 */
final class InvoiceCreationScenario extends Scenario {
    static final String NAME = "invoice-creation";
    private static final List<Integer> CONCURRENCY = List.of(1, 16, 64);
    private final AtomicLong labels = new AtomicLong();
    /** Labels are unique per node: a random prefix keeps repeated runs against one real node apart. */
    private final String labelPrefix = "bench-" + till.account.Secrets.random(6) + "-";

    InvoiceCreationScenario() {
        super(NAME, "Invoice creation: POST /invoice/add", false, true);
    }

    @Override
    ScenarioResult run(BenchOptions options, int runs, BenchCluster cluster, BenchHttp http) throws Exception {
        BenchCluster.Shop shop = cluster.startWithShop();
        int requests = options.size(1000, 200);
        Map<String, LoadDriver.Call> subjects = subjects(cluster, http, shop);
        // Warm-up (not measured): the JIT compiles the paths of all three before any figure counts. With fewer, the
        // compiler threads were still busy during the first measurement (concurrency 1), taking a core from it; C2 was
        // seen busy for about 20 s of requests (see StorageScenario).
        subjects.values().forEach(call -> LoadDriver.run(options.size(20_000, 50), 16, call));
        Samples samples = Samples.repeat(runs, run -> {
            Map<String, Double> measured = new LinkedHashMap<>();
            for (int concurrency : CONCURRENCY) {
                // Interleaved per concurrency, so that a noisy moment on the shared machine hits all three alike.
                subjects.forEach((subject, call) -> {
                    String key = "c" + concurrency + "." + subject;
                    double tillCpu = cluster.tillCpuMs();
                    double databaseCpu = cluster.databaseCpuMs();
                    double nodeCpu = ProcessCpu.ms(cluster.nodePid());
                    LoadDriver.run(requests, concurrency, call).into(measured, key);
                    measured.put(key + ".till_cpu_ms", (cluster.tillCpuMs() - tillCpu) / requests);
                    measured.put(key + ".with_db_cpu_ms", (cluster.tillCpuMs() - tillCpu + cluster.databaseCpuMs()
                            - databaseCpu) / requests);
                    measured.put(key + ".node_cpu_ms", (ProcessCpu.ms(cluster.nodePid()) - nodeCpu) / requests);
                });
                for (String p : List.of("p50_ms", "p99_ms")) {
                    String prefix = "c" + concurrency + ".";
                    measured.put(prefix + "overhead." + p, measured.get(prefix + "till." + p) - measured.get(prefix + "node." + p));
                }
            }
            return measured;
        });
        return report(samples, requests).build(NAME, title, samples);
    }

    private Map<String, LoadDriver.Call> subjects(BenchCluster cluster, BenchHttp http, BenchCluster.Shop shop) {
        String body = "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 1000}";
        Map<String, LoadDriver.Call> subjects = new LinkedHashMap<>();
        subjects.put("node", i -> cluster.nodeClient().createInvoice(1000, labelPrefix + labels.incrementAndGet(),
                InvoiceDescription.shown("bench"), 900));
        subjects.put("version", i -> http.get(cluster.tillUrl() + "/version", null, 200));
        subjects.put("till", i -> http.post(cluster.tillUrl() + "/invoice/add", body, null, 201));
        return subjects;
    }

    private static ScenarioReport report(Samples s, int requests) {
        ScenarioReport report = new ScenarioReport()
                .note(requests + " requests per concurrency and subject, closed loop; medians of the runs.")
                .note("node = the node's invoice call made directly by the bench with Till's own node client;"
                        + " version = GET /version, Till's HTTP stack alone (the ceiling).")
                .note("overhead = Till's percentile minus the node's percentile in the same run (median over runs).")
                .note("CPU per invoice: the Till and node processes' CPU time (from /proc) during the run, divided by the"
                        + " requests; with PostgreSQL, its server's (and backends') CPU is added in a row of its own"
                        + " (H2 works inside Till's process). At a concurrency that keeps every core busy, each request waits for the others'"
                        + " CPU: Till's own CPU then adds about concurrency × Till's CPU per invoice ÷ cores to the"
                        + " latency, whatever Till does with it (Little's law); that bound is shown next to the overhead.");
        int cores = Runtime.getRuntime().availableProcessors();
        for (int c : CONCURRENCY) {
            String p = "c" + c + ".";
            report.row("c=" + c + " Till invoices/s", s.median(p + "till.per_s"), "/s", "node invoice/s", s.median(p + "node.per_s"))
                    .row("c=" + c + " Till invoices/s vs ceiling", s.median(p + "till.per_s"), "/s", "/version req/s", s.median(p + "version.per_s"))
                    .row("c=" + c + " Till p50", s.median(p + "till.p50_ms"), "ms", "node p50", s.median(p + "node.p50_ms"))
                    .row("c=" + c + " Till p99", s.median(p + "till.p99_ms"), "ms", "node p99", s.median(p + "node.p99_ms"))
                    .row("c=" + c + " /version p50", s.median(p + "version.p50_ms"), "ms")
                    .row("c=" + c + " Till overhead p50", s.median(p + "overhead.p50_ms"), "ms")
                    .row("c=" + c + " Till overhead p99", s.median(p + "overhead.p99_ms"), "ms")
                    .row("c=" + c + " Till's CPU per invoice", s.median(p + "till.till_cpu_ms"), "ms",
                            "node's CPU per invoice", s.median(p + "till.node_cpu_ms"))
                    .row("c=" + c + " Till's and its database server's CPU per invoice", s.median(p + "till.with_db_cpu_ms"),
                            "ms", "node's CPU per invoice", s.median(p + "till.node_cpu_ms"))
                    .row("c=" + c + " /version's CPU per request", s.median(p + "version.till_cpu_ms"), "ms")
                    .row("c=" + c + " overhead from Till's CPU alone if the cores are busy", c * s.median(p + "till.till_cpu_ms") / cores,
                            "ms", "measured overhead p50", s.median(p + "overhead.p50_ms"));
            double errors = s.median(p + "till.errors");
            if (errors > 0) {
                report.note("c=" + c + ": " + (long) errors + " of Till's requests failed (median per run).");
            }
        }
        report.atLeast("invoices/s at concurrency 64", s.median("c64.till.per_s"), 1000, "/s");
        for (int c : CONCURRENCY) {
            report.atMost("Till overhead p50 at concurrency " + c, s.median("c" + c + ".overhead.p50_ms"), 1, "ms")
                    .atMost("Till overhead p99 at concurrency " + c, s.median("c" + c + ".overhead.p99_ms"), 5, "ms");
        }
        return report;
    }
}
