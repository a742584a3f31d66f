package till.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 6: an on-chain payment of a charge, one at a time. From the moment the bench (the payer) asks the simulated
 * node's bitcoind to broadcast it to the charge's {@code processing} callback, and from the moment it asks for the block
 * that confirms it to the {@code paid} callback; beside each, the simulated bitcoind's own time to announce the
 * transaction or block to its peers (Till among them), which is the floor Till cannot beat.
 */
final class OnchainNotificationScenario extends Scenario {
    static final String NAME = "onchain-notification";
    private static final long WAIT_SECONDS = 60;
    private static final long AMOUNT_SAT = 25_000;

    OnchainNotificationScenario() {
        super(NAME, "On-chain payment to callback", true, false);
    }

    @Override
    ScenarioResult run(BenchOptions options, int runs, BenchCluster cluster, BenchHttp http) throws Exception {
        cluster.followSimulatedBitcoind();
        BenchCluster.Shop shop = cluster.startWithShop();
        int payments = options.size(100, 20);
        try (WebhookSink sink = new WebhookSink()) {
            measure(5, shop, cluster, http, sink); // warm-up, not counted
            Samples samples = Samples.repeat(runs, run -> measure(payments, shop, cluster, http, sink));
            return report(samples, payments).build(NAME, title, samples);
        }
    }

    private static Map<String, Double> measure(int payments, BenchCluster.Shop shop, BenchCluster cluster, BenchHttp http,
                                               WebhookSink sink) throws Exception {
        long[] txAnnounced = new long[payments];
        long[] processing = new long[payments];
        long[] blockAnnounced = new long[payments];
        long[] paid = new long[payments];
        String simulator = cluster.nodeUrl() + "/simulator/onchain/";
        for (int i = 0; i < payments; i++) {
            JsonNode charge = http.post(cluster.tillUrl() + "/v1/charges", "{\"amount\": " + AMOUNT_SAT
                    + ", \"callback_url\": \"" + sink.url() + "\"}", shop.apiKey(), 201).get("data");
            String id = charge.get("id").asText();
            var seen = sink.arrival(id + "/processing");
            var confirmed = sink.arrival(id + "/paid");

            Instant sentAt = Instant.now();
            long t0 = System.nanoTime();
            String txid = http.post(simulator + "send", "{\"address\": \"" + charge.get("address").asText()
                    + "\", \"amountSat\": " + AMOUNT_SAT + "}", null, 200).get("txid").asText();
            processing[i] = seen.get(WAIT_SECONDS, TimeUnit.SECONDS) - t0;
            txAnnounced[i] = announcedAfter(http, simulator, txid, sentAt);

            Instant minedAt = Instant.now();
            long t1 = System.nanoTime();
            String block = http.post(simulator + "mine", "{\"blocks\": 1}", null, 200).get("blockHashes").get(0).asText();
            paid[i] = confirmed.get(WAIT_SECONDS, TimeUnit.SECONDS) - t1;
            blockAnnounced[i] = announcedAfter(http, simulator, block, minedAt);
        }
        Map<String, Double> measured = new LinkedHashMap<>();
        Percentiles.ofNanos(txAnnounced).into(measured, "txInv");
        Percentiles.ofNanos(processing).into(measured, "processing");
        Percentiles.ofNanos(blockAnnounced).into(measured, "blockInv");
        Percentiles.ofNanos(paid).into(measured, "paid");
        return measured;
    }

    /** Nanoseconds from {@code since} to the simulated bitcoind's inv for {@code hash} (wall clocks, microseconds). */
    private static long announcedAfter(BenchHttp http, String simulator, String hash, Instant since) throws Exception {
        Instant at = Instant.parse(http.get(simulator + "announced/" + hash, null, 200).get("announcedAt").asText());
        return Duration.between(since, at).toNanos();
    }

    private static ScenarioReport report(Samples s, int payments) {
        ScenarioReport report = new ScenarioReport()
                .note(payments + " charges per run, each paid on-chain in full, then confirmed by one block, one at a"
                        + " time; TILL_ONCHAIN_CONFIRMATIONS=1; medians of the runs' percentiles.")
                .note("Clocks start just before POST /simulator/onchain/send (or /mine) on the simulated node, so the"
                        + " payer's own call is inside every figure. The baseline is when the simulated bitcoind wrote"
                        + " the inv for that transaction (or block) to its peers' sockets: Till sees nothing earlier.");
        for (String what : new String[] {"p50", "p99", "max"}) {
            report.row("broadcast → processing callback " + what, s.median("processing." + what + "_ms"), "ms",
                    "bitcoind's tx inv " + what, s.median("txInv." + what + "_ms"));
        }
        for (String what : new String[] {"p50", "p99", "max"}) {
            report.row("block → paid callback " + what, s.median("paid." + what + "_ms"), "ms",
                    "bitcoind's block inv " + what, s.median("blockInv." + what + "_ms"));
        }
        return report.atMost("broadcast → processing callback p99", s.median("processing.p99_ms"), 1000, "ms")
                .atMost("block → paid callback p99", s.median("paid.p99_ms"), 1000, "ms");
    }
}
