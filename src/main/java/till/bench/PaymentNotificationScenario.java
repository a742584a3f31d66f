package till.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scenario 2: for each invoice, the time from the moment the bench asks the simulated node to mark it paid to
 * (a) the {@code /invoice/add} WebSocket's second message and (b) the webhook's arrival at a local receiver.
 * Payments go one at a time, so the figures are latencies, not queueing. With several Till processes the invoices are
 * created on each in turn, and (c) a status WebSocket ({@code /invoice/<hash>/ws}) on the next process waits too: its
 * message has to cross from the process that settled the payment.
 */
final class PaymentNotificationScenario extends Scenario {
    static final String NAME = "payment-notification";
    private static final long WAIT_SECONDS = 30;
    /** A socket still without its second message this long after the payment's webhook arrived is counted as missed. */
    private static final long SOCKET_GRACE_SECONDS = 5;
    /** More missed sockets than this in a run end the scenario: the messages are not coming at all. */
    private static final int MISSED_LIMIT = 10;

    PaymentNotificationScenario() {
        super(NAME, "Payment to notification", true, true);
    }

    @Override
    ScenarioResult run(BenchOptions options, int runs, BenchCluster cluster, BenchHttp http) throws Exception {
        BenchCluster.Shop shop = cluster.startWithShop();
        int payments = options.size(1000, 200);
        try (WebhookSink sink = new WebhookSink()) {
            String path = "/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat=1000&webhook_url="
                    + URLEncoder.encode(sink.url(), StandardCharsets.UTF_8);
            measure(50, path, cluster, http, sink); // warm-up, not counted
            Samples samples = Samples.repeat(runs, run -> measure(payments, path, cluster, http, sink));
            return report(samples, payments).build(NAME, title, samples);
        }
    }

    private static Map<String, Double> measure(int payments, String path, BenchCluster cluster, BenchHttp http,
                                               WebhookSink sink) throws Exception {
        int processes = cluster.processes();
        long[] pay = new long[payments];
        long[] webhook = new long[payments];
        Arrivals socket = new Arrivals(payments);
        Arrivals across = new Arrivals(processes > 1 ? payments : 0);
        for (int i = 0; i < payments; i++) {
            InvoiceSocket ws = InvoiceSocket.open(http.client(), cluster.tillWsUrl(i % processes) + path);
            String hash = ws.invoice.get(WAIT_SECONDS, TimeUnit.SECONDS).get("invoiceHash").asText();
            InvoiceSocket other = null;
            if (processes > 1) {
                other = InvoiceSocket.open(http.client(), cluster.tillWsUrl((i + 1) % processes) + "/invoice/" + hash + "/ws");
                other.invoice.get(WAIT_SECONDS, TimeUnit.SECONDS); // the status now: it is subscribed
            }
            CompletableFuture<Long> hook = sink.arrival(hash);
            long t0 = System.nanoTime();
            http.post(cluster.nodeUrl() + "/simulator/pay/" + hash, "", null, 200);
            pay[i] = System.nanoTime() - t0;
            webhook[i] = hook.get(WAIT_SECONDS, TimeUnit.SECONDS) - t0;
            socket.await(ws, t0);
            if (other != null) {
                across.await(other, t0);
                other.abort();
            }
            ws.abort();
        }
        Map<String, Double> measured = new LinkedHashMap<>();
        Percentiles.ofNanos(pay).into(measured, "pay");
        socket.into(measured, "ws");
        if (processes > 1) {
            across.into(measured, "ws_across");
        }
        Percentiles.ofNanos(webhook).into(measured, "webhook");
        return measured;
    }

    /** The sockets' second messages, timed from the pay call; those that never came are counted, up to a limit. */
    private static final class Arrivals {
        private final long[] nanos;
        private int count;
        private int missed;

        Arrivals(int capacity) {
            nanos = new long[capacity];
        }

        void await(InvoiceSocket ws, long t0) throws Exception {
            try {
                nanos[count] = ws.secondMessageAt.get(SOCKET_GRACE_SECONDS, TimeUnit.SECONDS) - t0;
                count++;
            } catch (TimeoutException e) {
                if (++missed > MISSED_LIMIT) {
                    throw new IllegalStateException(missed + " of " + (count + missed) + " invoice WebSockets got no"
                            + " second message within " + SOCKET_GRACE_SECONDS + " s of their webhook (with several Till"
                            + " processes: does the process that settles a payment tell the others?)", e);
                }
            }
        }

        void into(Map<String, Double> measured, String prefix) {
            Percentiles.ofNanos(Arrays.copyOf(nanos, count)).into(measured, prefix);
            measured.put(prefix + ".missed", (double) missed);
        }
    }

    private static ScenarioReport report(Samples s, int payments) {
        ScenarioReport report = new ScenarioReport()
                .note(payments + " invoices per run, paid one at a time; medians of the runs' percentiles.")
                .note("Clock starts just before POST /simulator/pay/<hash> on the node, so the pay call's own round trip"
                        + " (the node writes the payment to its journal, then answers) is inside every figure;"
                        + " it is also shown alone as the baseline.");
        Map<String, String> notifications = Map.of("ws", "payment → WebSocket 2nd message", "webhook",
                "payment → webhook arrival", "ws_across", "payment → status WebSocket on another process");
        boolean across = !Double.isNaN(s.median("ws_across.missed"));
        for (String kind : across ? List.of("ws", "webhook", "ws_across") : List.of("ws", "webhook")) {
            for (String what : new String[] {"p50", "p99", "max"}) {
                report.row(notifications.get(kind) + " " + what, s.median(kind + "." + what + "_ms"), "ms",
                        "pay call " + what, s.median("pay." + what + "_ms"));
            }
        }
        report.row("WebSockets without a 2nd message (left out above)", s.median("ws.missed"), "");
        if (across) {
            report.note("Several Till processes: invoices are created on each in turn (by the /invoice/add WebSocket),"
                            + " and a status WebSocket on the next process waits for the same invoice.")
                    .row("status WebSockets on another process without a 2nd message", s.median("ws_across.missed"), "");
        }
        return report.atMost("payment → WebSocket p50", s.median("ws.p50_ms"), 5, "ms")
                .atMost("payment → WebSocket p99", s.median("ws.p99_ms"), 25, "ms")
                .atMost("payment → webhook p50", s.median("webhook.p50_ms"), 15, "ms")
                .atMost("payment → webhook p99", s.median("webhook.p99_ms"), 50, "ms");
    }
}
