package till.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 4: payments per second that Till settles (database transaction, ledger, outbox) sustained over a fixed
 * time, with webhooks to a local receiver. Till's progress is read from outside without loading it: the webhooks
 * arriving each second, and the outbox backlog as payments made minus webhooks received.
 */
final class SettlementScenario extends Scenario {
    static final String NAME = "settlement";
    private static final int PAYERS = 32;
    /**
     * Payments made but not yet announced by a webhook, at most: enough that Till always has work waiting (a second's
     * worth at the target rate), without the payers and the node taking the CPU that Till would settle with.
     */
    private static final int AHEAD = 10_000;
    private static final long DRAIN_LIMIT_SECONDS = 60;

    SettlementScenario() {
        super(NAME, "Settlement throughput with webhooks", true, true);
    }

    @Override
    ScenarioResult run(BenchOptions options, int runs, BenchCluster cluster, BenchHttp http) throws Exception {
        BenchCluster.Shop shop = cluster.startWithShop();
        int seconds = options.size(60, 10);
        try (WebhookSink sink = new WebhookSink()) {
            String body = "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": 1000, \"webhookUrl\": \"" + sink.url() + "\"}";
            // Calibration (also the warm-up): the pool must outlast the run, but making 4,000 × 60 invoices up front
            // when Till settles a tenth of that would take longer than the measurement. A cold, short burst
            // underestimates the warm rate up to threefold, hence the margin.
            List<String> calibration = createPool(options.size(3000, 500), body, cluster, http);
            long start = System.nanoTime();
            // Unpaced, so that it also measures how fast the node takes payments: the baseline.
            Map<String, Double> warm = pay(calibration, Long.MAX_VALUE, Integer.MAX_VALUE / 2, cluster, http, sink, start)
                    .measurements(Integer.MAX_VALUE);
            double rate = warm.get("settled.per_s");
            int poolSize = (int) Math.min(seconds * 4000L, Math.max(seconds * 100L, (long) (rate * seconds * 4)));
            List<Double> backlog = new ArrayList<>(); // of the last run: a series, not a median
            Samples samples = Samples.repeat(runs, run -> {
                List<String> pool = createPool(poolSize, body, cluster, http);
                long repeats = sink.repeats();
                long begin = System.nanoTime();
                Progress progress = pay(pool, begin + TimeUnit.SECONDS.toNanos(seconds), AHEAD, cluster, http, sink, begin);
                Map<String, Double> measured = progress.measurements(seconds);
                backlog.clear();
                backlog.addAll(progress.backlogEvery5s());
                measured.put("calibration.per_s", rate);
                measured.put("node.per_s", warm.get("made.per_s"));
                measured.put("pool", (double) poolSize);
                measured.put("pool_exhausted", progress.paid() >= poolSize ? 1.0 : 0.0);
                measured.put("till_paid_minus_made", (double) (countPaid(cluster, http) - sink.received()));
                measured.put("webhook.repeats", (double) (sink.repeats() - repeats));
                return measured;
            });
            return report(samples, seconds).series("backlog every 5 s (last run)", backlog)
                    .build(NAME, title, samples);
        }
    }

    private static List<String> createPool(int size, String body, BenchCluster cluster, BenchHttp http) {
        String[] hashes = new String[size];
        LoadDriver.Result created = LoadDriver.run(size, 32,
                i -> hashes[i] = http.post(cluster.tillUrl() + "/invoice/add", body, null, 201).get("invoiceHash").asText());
        if (created.errors() > 0) {
            throw new IllegalStateException(created.errors() + " pool invoices failed, the first with: " + created.firstError());
        }
        return List.of(hashes);
    }

    /** Pays the pool with {@link #PAYERS} concurrent calls, at most {@code maxAhead} payments ahead of the webhooks,
     *  until {@code stopAt} or the pool is used up, then waits for the outbox to drain; samples every second. */
    private static Progress pay(List<String> pool, long stopAt, int maxAhead, BenchCluster cluster, BenchHttp http,
                                WebhookSink sink, long begin) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong made = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastPay = new AtomicLong(begin);
        long hooksBefore = sink.received();
        Semaphore ahead = new Semaphore(maxAhead);
        sink.onEach(ahead::release);
        ExecutorService payers = Executors.newFixedThreadPool(PAYERS);
        for (int w = 0; w < PAYERS; w++) {
            payers.execute(() -> {
                for (int i = next.getAndIncrement(); i < pool.size() && System.nanoTime() < stopAt; i = next.getAndIncrement()) {
                    ahead.acquireUninterruptibly();
                    try {
                        http.post(cluster.nodeUrl() + "/simulator/pay/" + pool.get(i), "", null, 200);
                        made.incrementAndGet();
                        lastPay.set(System.nanoTime());
                    } catch (Exception e) {
                        ahead.release(); // no webhook will come for it
                        failed.incrementAndGet(); // counted and reported; the run goes on
                    }
                }
            });
        }
        payers.shutdown();
        Progress progress = new Progress(begin);
        long drainDeadline = Long.MAX_VALUE;
        // Paying ends at stopAt or when the pool is used up; Till may settle for long after (the node keeps the
        // payments), so sampling goes on until the backlog is gone or the drain limit has passed.
        for (int tick = 1; ; tick++) {
            Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(begin + TimeUnit.SECONDS.toNanos(tick) - System.nanoTime())));
            boolean paying = !payers.isTerminated();
            progress.sample(made.get(), sink.received() - hooksBefore, paying);
            if (paying) {
                continue;
            }
            if (drainDeadline == Long.MAX_VALUE) {
                drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_LIMIT_SECONDS);
                progress.payingEnded(System.nanoTime());
            }
            if (progress.drained() || System.nanoTime() > drainDeadline) {
                break;
            }
        }
        progress.failedPayments(failed.get());
        progress.paymentsMadePerSecond(made.get() / Math.max(1e-9, (lastPay.get() - begin) / 1e9));
        return progress;
    }

    /** Paid transactions as Till reports them, paging through GET /transactions?status=paid once at the end. */
    private static long countPaid(BenchCluster cluster, BenchHttp http) throws Exception {
        long count = 0;
        String after = null;
        do {
            JsonNode page = http.get(cluster.tillUrl() + "/transactions?status=paid&limit=500"
                    + (after == null ? "" : "&after=" + after), cluster.adminKey(), 200);
            count += page.get("data").size();
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        return count;
    }

    private static ScenarioReport report(Samples s, int seconds) {
        ScenarioReport report = new ScenarioReport()
                .note("A pool of invoices (each with a webhookUrl to a local receiver that answers 204 at once) is paid by "
                        + PAYERS + " concurrent POST /simulator/pay calls to the node, keeping at most " + AHEAD
                        + " payments ahead of the webhooks received: Till always has payments waiting, and the payers"
                        + " do not take the CPU it settles with (all three processes share the machine).")
                .note("settled/s = webhooks received per 1 s window, the mean of the windows of the first " + seconds
                        + " s that began with payments waiting; a webhook leaves only after its settlement committed."
                        + " Backlog = payments made − webhooks received (unsettled payments and undelivered outbox rows).")
                .note("The invoice pool (" + (long) s.median("pool") + ") is sized from a calibration burst ("
                        + ResultsTable.number(s.median("calibration.per_s"), "/s") + ")"
                        + " so that Till has payments waiting for the whole time"
                        + (s.median("pool_exhausted") > 0 ? "; the payer used it all." : "."))
                .row("settled/s (mean of the 1 s windows)", s.median("settled.per_s"), "/s", "node takes payments (unpaced)",
                        s.median("node.per_s"))
                .row("webhook deliveries/s (all, until the last)", s.median("webhooks.per_s"), "/s",
                        "node takes payments (unpaced)", s.median("node.per_s"))
                .row("payments made/s", s.median("made.per_s"), "/s", "node takes payments (unpaced)", s.median("node.per_s"))
                .row("seconds measured (payments waiting for Till)", s.median("busy_s"), "s", "planned", seconds)
                .row("backlog when paying stopped", s.median("backlog.at_stop"), "")
                .row("time to drain the backlog after paying stopped", s.median("drain_s"), "s")
                .row("backlog at the end", s.median("backlog.end"), "")
                .row("Till's paid count − webhooks received", s.median("till_paid_minus_made"), "")
                .row("failed pay calls", s.median("pay.errors"), "")
                .row("webhooks delivered again (a webhook-id received before)", s.median("webhook.repeats"), "");
        return report.atLeast("settled/s sustained with webhooks", s.median("settled.per_s"), 2000, "/s")
                .atMost("outbox backlog back to zero", s.median("backlog.end"), 0, "");
    }

    /** One sample per second: payments made and webhooks received so far. */
    private static final class Progress {
        private final long begin;
        private final List<long[]> samples = new ArrayList<>(); // {payments made, webhooks, paying ? 1 : 0}
        private long payingEnded;
        private long failedPayments;
        private double madePerSecond;

        Progress(long begin) {
            this.begin = begin;
        }

        void sample(long made, long webhooks, boolean paying) {
            samples.add(new long[] {made, webhooks, paying ? 1 : 0});
        }

        void payingEnded(long at) {
            payingEnded = at;
        }

        void paymentsMadePerSecond(double rate) {
            madePerSecond = rate;
        }

        void failedPayments(long count) {
            failedPayments = count;
        }

        long paid() {
            return last()[0];
        }

        boolean drained() {
            return last()[1] >= last()[0];
        }

        private long[] last() {
            return samples.get(samples.size() - 1);
        }

        List<Double> backlogEvery5s() {
            List<Double> backlog = new ArrayList<>();
            for (int i = 4; i < samples.size(); i += 5) {
                backlog.add((double) (samples.get(i)[0] - samples.get(i)[1]));
            }
            return backlog;
        }

        /** Settled/s: the mean of the 1 s windows within {@code seconds} that began with work waiting for Till. */
        Map<String, Double> measurements(int seconds) {
            List<Double> settled = new ArrayList<>();
            long[] previous = {0, 0, 1};
            int stopIndex = 0;
            for (int i = 0; i < samples.size(); i++) {
                long[] now = samples.get(i);
                if (i < seconds && (i == 0 || previous[0] > previous[1])) {
                    settled.add((double) (now[1] - previous[1]));
                }
                if (now[2] == 1) {
                    stopIndex = i;
                }
                previous = now;
            }
            Map<String, Double> measured = new LinkedHashMap<>();
            // The mean: settlements come in batches, so single windows count whole batches.
            measured.put("settled.per_s", settled.stream().mapToDouble(d -> d).average().orElse(Double.NaN));
            measured.put("busy_s", (double) settled.size());
            measured.put("made.per_s", madePerSecond); // from the first pay call to the last, exactly: bursts are short
            long[] end = last();
            measured.put("webhooks.per_s", end[1] / (double) samples.size());
            long[] atStop = samples.get(stopIndex);
            measured.put("backlog.at_stop", (double) (atStop[0] - atStop[1]));
            measured.put("backlog.end", (double) (end[0] - end[1]));
            measured.put("pay.errors", (double) failedPayments);
            measured.put("drain_s", drained() ? (begin + TimeUnit.SECONDS.toNanos(samples.size()) - payingEnded) / 1e9 : Double.NaN);
            return measured;
        }
    }
}
