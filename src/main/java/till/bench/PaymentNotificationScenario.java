package till.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scenario 2: for each invoice, the time from the moment the bench asks the simulated node to mark it paid to
 * (a) the {@code /invoice/add} WebSocket's second message and (b) the webhook's arrival at a local receiver.
 * Payments go one at a time, so the figures are latencies, not queueing.
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

    /** With several Till processes, the sockets (and so the invoices they create) alternate between them. */
    private static Map<String, Double> measure(int payments, String path, BenchCluster cluster, BenchHttp http,
                                               WebhookSink sink) throws Exception {
        long[] pay = new long[payments];
        long[] socket = new long[payments];
        int sockets = 0;
        long[] webhook = new long[payments];
        for (int i = 0; i < payments; i++) {
            InvoiceSocket ws = InvoiceSocket.open(http.client(), cluster.tillWsUrl() + path);
            String hash = ws.invoice.get(WAIT_SECONDS, TimeUnit.SECONDS).get("invoiceHash").asText();
            CompletableFuture<Long> hook = sink.arrival(hash);
            long t0 = System.nanoTime();
            http.post(cluster.nodeUrl() + "/simulator/pay/" + hash, "", null, 200);
            pay[i] = System.nanoTime() - t0;
            webhook[i] = hook.get(WAIT_SECONDS, TimeUnit.SECONDS) - t0;
            try {
                long at = ws.secondMessageAt.get(SOCKET_GRACE_SECONDS, TimeUnit.SECONDS);
                socket[sockets++] = at - t0;
            } catch (TimeoutException e) {
                int missed = i + 1 - sockets;
                if (missed > MISSED_LIMIT) {
                    throw new IllegalStateException(missed + " of " + (i + 1) + " invoice WebSockets got no"
                            + " second message within " + SOCKET_GRACE_SECONDS + " s of their webhook (with several Till"
                            + " processes: does the process that settles a payment tell the others?)", e);
                }
            }
            ws.abort();
        }
        Map<String, Double> measured = new LinkedHashMap<>();
        Percentiles.ofNanos(pay).into(measured, "pay");
        Percentiles.ofNanos(Arrays.copyOf(socket, sockets)).into(measured, "ws");
        measured.put("ws.missed", (double) (payments - sockets));
        Percentiles.ofNanos(webhook).into(measured, "webhook");
        return measured;
    }

    private static ScenarioReport report(Samples s, int payments) {
        ScenarioReport report = new ScenarioReport()
                .note(payments + " invoices per run, paid one at a time; medians of the runs' percentiles.")
                .note("Clock starts just before POST /simulator/pay/<hash> on the node, so the pay call's own round trip"
                        + " (the node writes the payment to its journal, then answers) is inside every figure;"
                        + " it is also shown alone as the baseline.");
        Map<String, String> notifications = Map.of("ws", "payment → WebSocket 2nd message", "webhook", "payment → webhook arrival");
        for (String kind : new String[] {"ws", "webhook"}) {
            for (String what : new String[] {"p50", "p99", "max"}) {
                report.row(notifications.get(kind) + " " + what, s.median(kind + "." + what + "_ms"), "ms",
                        "pay call " + what, s.median("pay." + what + "_ms"));
            }
        }
        report.row("WebSockets without a 2nd message (left out above)", s.median("ws.missed"), "");
        return report.atMost("payment → WebSocket p50", s.median("ws.p50_ms"), 5, "ms")
                .atMost("payment → WebSocket p99", s.median("ws.p99_ms"), 25, "ms")
                .atMost("payment → webhook p50", s.median("webhook.p50_ms"), 15, "ms")
                .atMost("payment → webhook p99", s.median("webhook.p99_ms"), 50, "ms");
    }
}
