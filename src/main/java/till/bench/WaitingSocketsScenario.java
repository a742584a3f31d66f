package till.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scenario 3: many customers waiting at once. Opens N {@code /invoice/add} WebSockets (ramped up in parallel
 * batches), reads Till's memory with all of them open, then pays every invoice in a burst (64 concurrent pay calls
 * to the simulated node) and times the burst from the first pay call to the last second message.
 */
final class WaitingSocketsScenario extends Scenario {
    static final String NAME = "waiting-sockets";
    private static final int BATCH = 250;
    /** Several clients spread the sockets over several selector threads in the bench process. */
    private static final int CLIENTS = 4;

    WaitingSocketsScenario() {
        super(NAME, "Many waiting customers: open invoice WebSockets, then a payment burst", true, false);
    }

    @Override
    ScenarioResult run(BenchOptions options, int runs, BenchCluster cluster, BenchHttp http) throws Exception {
        BenchCluster.Shop shop = cluster.startWithShop();
        int sockets = options.size(10_000, 500);
        String url = cluster.tillWsUrl() + "/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=1000";
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build());
        }
        // Warm-up of the same size, not counted: without it the burst is the first time Till (and the node and this
        // client) settle and notify anything, and the JIT compilers take a third of the machine's CPU during it (with a
        // warm-up of 2,000 still a quarter).
        measure(sockets, url, clients, cluster, http, options.java());
        Samples samples = Samples.repeat(runs, run -> measure(sockets, url, clients, cluster, http, options.java()));
        return report(samples, sockets).build(NAME, title, samples);
    }

    private static Map<String, Double> measure(int count, String url, List<HttpClient> clients, BenchCluster cluster,
                                               BenchHttp http, String java) throws Exception {
        Map<String, Double> measured = new LinkedHashMap<>();
        ProcessMemory.Reading idle = ProcessMemory.read(cluster.tillPid(), java);
        measured.put("idle.rss_mb", idle.rssMb());
        measured.put("idle.heap_mb", idle.heapUsedAfterGcMb());

        List<InvoiceSocket> open = new ArrayList<>(count);
        long rampStart = System.nanoTime();
        for (int from = 0; from < count; from += BATCH) {
            List<InvoiceSocket> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + BATCH); i++) {
                batch.add(InvoiceSocket.open(clients.get(i % clients.size()), url));
            }
            for (InvoiceSocket socket : batch) {
                socket.invoice.get(120, TimeUnit.SECONDS);
            }
            open.addAll(batch);
        }
        measured.put("open.per_s", count / ((System.nanoTime() - rampStart) / 1e9));
        ProcessMemory.Reading loaded = ProcessMemory.read(cluster.tillPid(), java);
        measured.put("open.rss_mb", loaded.rssMb());
        measured.put("open.heap_mb", loaded.heapUsedAfterGcMb());

        List<String> hashes = open.stream().map(InvoiceSocket::hash).toList();
        long burstStart = System.nanoTime();
        LoadDriver.Result paid = LoadDriver.run(count, 64,
                i -> http.post(cluster.nodeUrl() + "/simulator/pay/" + hashes.get(i), "", null, 200));
        long paidAt = System.nanoTime();
        long last = 0;
        int notified = 0;
        long deadline = paidAt + TimeUnit.SECONDS.toNanos(120);
        for (InvoiceSocket socket : open) {
            try {
                long at = socket.secondMessageAt.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                last = Math.max(last, at);
                notified++;
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                socket.abort();
            }
        }
        measured.put("pay.errors", (double) paid.errors());
        measured.put("notified", (double) notified);
        measured.put("burst.pay_calls_ms", (paidAt - burstStart) / 1e6);
        measured.put("burst.first_pay_to_last_notified_ms", notified == count ? (last - burstStart) / 1e6 : Double.NaN);
        measured.put("burst.last_pay_to_last_notified_ms", notified == count ? (last - paidAt) / 1e6 : Double.NaN);
        return measured;
    }

    private static ScenarioReport report(Samples s, int count) {
        double perSocketKb = (s.median("open.heap_mb") - s.median("idle.heap_mb")) * 1024 / count;
        return new ScenarioReport()
                .note(count + " WebSockets on /invoice/add opened in parallel batches of " + BATCH
                        + " (each creates an invoice on the node); Till runs with " + ChildJvm.HEAP + ".")
                .note("Measured after a warm-up burst of the same size (sockets opened and paid, not counted), like a Till that"
                        + " has settled payments before.")
                .note("Heap = in use right after a full GC (jcmd GC.run, GC.heap_info); RSS = VmRSS of Till's process.")
                .note("The burst: 64 concurrent POST /simulator/pay calls to the node, one per invoice. The node takes"
                        + " the burst's time to accept them (\"pay calls alone\"), which Till cannot shorten; the target"
                        + " is that every socket is notified within 2 s of the burst, i.e. of its last payment. The clock"
                        + " from the first pay call is shown too.")
                .row("sockets notified", s.median("notified"), "", "sockets opened", count)
                .row("first pay call → last socket notified", s.median("burst.first_pay_to_last_notified_ms"), "ms",
                        "pay calls alone", s.median("burst.pay_calls_ms"))
                .row("last pay call answered → last socket notified", s.median("burst.last_pay_to_last_notified_ms"), "ms")
                .row("heap after GC, all sockets open", s.median("open.heap_mb"), "MB", "idle Till", s.median("idle.heap_mb"))
                .row("RSS, all sockets open", s.median("open.rss_mb"), "MB", "idle Till", s.median("idle.rss_mb"))
                .row("heap per waiting socket", perSocketKb, "KB")
                .row("sockets opened per second (ramp)", s.median("open.per_s"), "/s")
                .atLeast("all " + count + " waiting sockets notified", s.median("notified"), count, "")
                .atMost("last of " + count + " notified, after the burst's last payment",
                        s.median("burst.last_pay_to_last_notified_ms"), 2000, "ms");
    }
}
