package till.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import till.store.Database;

/**
 * Scenario 5: Till with a million stored transactions: the database file's size, Till's start-up time on it, and
 * the latency of a lookup by hash, of {@code /transactions} paging at random depths and of the shop's dashboard's
 * filtered list (first and deep pages). Baselines in the same run:
 * start-up on an empty database, and {@code GET /version} (the HTTP stack alone).
 */
final class StorageScenario extends Scenario {
    static final String NAME = "storage";

    StorageScenario() {
        super(NAME, "Storage at scale", false, false);
    }

    @Override
    ScenarioResult run(BenchOptions options, int runs, BenchCluster cluster, BenchHttp http) throws Exception {
        int rows = options.size(1_000_000, 20_000);
        int requests = options.size(2000, 300);
        // About 20 s of reads: until then the C2 compiler takes up to half a core, in bursts that slow every request.
        int warmUp = options.size(40_000, 300);
        Path seeded = cluster.dir().resolve("seeded");
        long seedStart = System.nanoTime();
        StorageSeeder.Seeded store = StorageSeeder.seed(seeded, rows);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        double sizeMb = Files.size(seeded.resolve(Database.FILE_NAME)) / (1024.0 * 1024);
        Samples samples = Samples.repeat(runs, run -> {
            Map<String, Double> measured = new LinkedHashMap<>();
            BenchCluster.Startup empty = cluster.startTill(cluster.dir().resolve("empty-" + run));
            cluster.stopTill();
            BenchCluster.Startup full = cluster.startTill(seeded);
            measured.put("startup.empty.health_ms", empty.healthMs());
            measured.put("startup.full.health_ms", full.healthMs());
            measured.put("startup.empty.version_ms", empty.versionMs());
            measured.put("startup.full.version_ms", full.versionMs());
            // Every other sampled invoice is read in the warm-up, the rest are measured: a measured lookup reads an
            // invoice that no earlier request touched, as a shop's old invoices would be.
            Random random = new Random(run);
            String session = http.signInToDashboard(cluster.tillUrl(), store.shopKey());
            // The dashboard's pages run the same code as the API's list below the HTML: a quarter of the warm-up each.
            reads(cluster, http, everyOther(store.sampleHashes(), 0), store.rows(), random, session)
                    .forEach((name, call) -> LoadDriver.run(name.startsWith("dashboard") ? warmUp / 4 : warmUp, 1, call));
            reads(cluster, http, everyOther(store.sampleHashes(), 1), store.rows(), random, session)
                    .forEach((name, call) -> LoadDriver.run(requests, 1, call).into(measured, name));
            cluster.stopTill();
            return measured;
        });
        samples.runs().forEach(run -> {
            run.put("size_mb", sizeMb);
            run.put("seed_s", seedSeconds);
        });
        return report(samples, rows, requests, warmUp).build(NAME, title, samples);
    }

    private static List<String> everyOther(List<String> hashes, int first) {
        return IntStream.range(0, hashes.size()).filter(i -> i % 2 == first).mapToObj(hashes::get).toList();
    }

    /**
     * The reads measured. The dashboard's list is the shop's own (its session cookie), filtered to paid, a page of 50
     * as the API's: the first page, and one at a random depth; beside it the API's list with the same filter.
     */
    private static Map<String, LoadDriver.Call> reads(BenchCluster cluster, BenchHttp http, List<String> hashes, long rows,
                                                      Random random, String session) {
        Map<String, LoadDriver.Call> reads = new LinkedHashMap<>();
        reads.put("lookup", i -> http.get(cluster.tillUrl() + "/invoice/from-hash/" + hashes.get(random.nextInt(hashes.size())),
                cluster.adminKey(), 200));
        reads.put("paging", i -> http.get(cluster.tillUrl() + "/transactions?limit=50&after="
                + (1 + (long) (random.nextDouble() * rows)), cluster.adminKey(), 200));
        reads.put("paging_paid", i -> http.get(cluster.tillUrl() + "/transactions?limit=50&status=paid&after="
                + (1 + (long) (random.nextDouble() * rows)), cluster.adminKey(), 200));
        reads.put("dashboard_first", i -> http.page(cluster.tillUrl() + "/dashboard/transactions?status=paid", session));
        reads.put("dashboard_deep", i -> http.page(cluster.tillUrl() + "/dashboard/transactions?status=paid&after="
                + (1 + (long) (random.nextDouble() * rows)), session));
        reads.put("version", i -> http.get(cluster.tillUrl() + "/version", null, 200));
        return reads;
    }

    private static ScenarioReport report(Samples s, int rows, int requests, int warmUp) {
        return new ScenarioReport()
                .note(String.format("%,d transactions (80 %% paid with ledger credits, 20 %% expired) written into a fresh"
                        + " database in %.0f s through Till's schema; the bolt11 column holds random text of a real"
                        + " invoice's length.", rows, s.median("seed_s")))
                .note("Start-up: from starting Till's process (JVM start included) to the first 200 of /health (and of"
                        + " /version); baseline: the same on an empty database, in the same run.")
                .note(requests + " sequential reads each with the admin key: /invoice/from-hash/<random stored hash>,"
                        + " /transactions?limit=50&after=<random depth>, the same with status=paid; with the shop's"
                        + " dashboard session: /dashboard/transactions?status=paid (first page, and after=<random depth>);"
                        + " baseline: /version. Before them, " + warmUp
                        + " of each (a quarter of that of the dashboard's), not measured (the JIT compiler is busy for about 20 s of reads), with other hashes:"
                        + " the measured lookups read invoices that no request had read before.")
                .row("database file " + Database.FILE_NAME, s.median("size_mb"), "MB")
                .row("bytes per transaction", s.median("size_mb") * 1024 * 1024 / rows, "B")
                .row("start-up to /health 200", s.median("startup.full.health_ms"), "ms", "empty database",
                        s.median("startup.empty.health_ms"))
                .row("start-up to /version 200", s.median("startup.full.version_ms"), "ms", "empty database",
                        s.median("startup.empty.version_ms"))
                .row("lookup by hash p50", s.median("lookup.p50_ms"), "ms", "/version p50", s.median("version.p50_ms"))
                .row("lookup by hash p99", s.median("lookup.p99_ms"), "ms", "/version p99", s.median("version.p99_ms"))
                .row("/transactions page of 50 p50", s.median("paging.p50_ms"), "ms", "/version p50", s.median("version.p50_ms"))
                .row("/transactions page of 50 p99", s.median("paging.p99_ms"), "ms", "/version p99", s.median("version.p99_ms"))
                .row("/transactions?status=paid page of 50 p50", s.median("paging_paid.p50_ms"), "ms", "/version p50", s.median("version.p50_ms"))
                .row("/transactions?status=paid page of 50 p99", s.median("paging_paid.p99_ms"), "ms", "/version p99", s.median("version.p99_ms"))
                .row("dashboard list, paid, first page p50", s.median("dashboard_first.p50_ms"), "ms", "API list, paid, p50",
                        s.median("paging_paid.p50_ms"))
                .row("dashboard list, paid, first page p99", s.median("dashboard_first.p99_ms"), "ms", "API list, paid, p99",
                        s.median("paging_paid.p99_ms"))
                .row("dashboard list, paid, random depth p50", s.median("dashboard_deep.p50_ms"), "ms", "API list, paid, p50",
                        s.median("paging_paid.p50_ms"))
                .row("dashboard list, paid, random depth p99", s.median("dashboard_deep.p99_ms"), "ms", "API list, paid, p99",
                        s.median("paging_paid.p99_ms"))
                .atMost("lookup by hash p99 with " + String.format("%,d", rows) + " rows", s.median("lookup.p99_ms"), 2, "ms")
                .atMost("start-up with " + String.format("%,d", rows) + " rows", s.median("startup.full.health_ms"), 3000, "ms");
    }
}
