package till.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import till.Await;
import till.ChildProcess;
import till.FirstRunOnly;
import till.TestPostgres;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;
import till.WebhookReceiver;
import till.bench.ThrowawayPostgres;
import till.store.Database;
import till.store.DatabaseSetting;

/**
 * Two Till processes on one PostgreSQL database and a standalone simulated node, under a mixed run: invoices over
 * both processes, each REST invoice watched on a WebSocket of the other process, payments, webhooks to a receiver
 * that fails 30 % of the time, outgoing payments. Twice, at a random moment, the process holding the payment watcher
 * is killed -9 (the other must take over) and started again. Afterwards every payment the node saw is paid exactly
 * once in Till, every paid invoice's webhook arrived (one webhook-id each), every watching WebSocket was told "paid",
 * every balance equals its ledger and no outgoing payment is left in flight.
 */
@FirstRunOnly
class TwoProcessesKillTest {
    private static final int KILLS = 2;
    private static final Duration TAKEOVER = Duration.ofSeconds(30);

    @Test
    void theWatcherHolderKilledTwiceDuringAMixedRunOverTwoProcessesLosesNothingAndCountsNothingTwice() throws Exception {
        assumeTrue(TestPostgres.available());
        long seed = Long.getLong("till.fault.seed", 17L);
        System.out.println("two processes, kill -9: seed " + seed + " (-Dtill.fault.seed=" + seed + ")");
        Random random = new Random(seed);
        ThrowawayPostgres pg = TestPostgres.cluster();
        String db = pg.newDatabase();
        Path root = TestTill.tempDir();
        int nodePort = ChildProcess.freePort();
        TillClient nodeClient = new TillClient("http://127.0.0.1:" + nodePort);
        Map<String, String> shared = new HashMap<>(pg.env(db));
        shared.putAll(Map.of("CLN_REST_URL", nodeClient.url, "CLN_RUNE", "any", "TILL_ADMIN_KEY", TestTill.ADMIN_KEY,
                "TILL_WEBHOOK_ALLOW_PRIVATE", "true", "TILL_WEBHOOK_RETRY_SCHEDULE", "200ms,500ms",
                "TILL_RATE_LIMIT_PER_TERMINAL", "0", "TILL_RATE_LIMIT_PER_ADDRESS", "0"));
        DeliveredWebhooks delivered = new DeliveredWebhooks();
        try (ChildProcess node = ChildProcess.start(List.of("sim-node", "--port", Integer.toString(nodePort), "--data",
                root.resolve("node").toString()), Map.of(), root.resolve("node.log"), "listening");
             WebhookReceiver receiver = new WebhookReceiver(delivered.failingThirtyPercent(new Random(seed)));
             TillProcess a = new TillProcess("till-a", root, shared);
             TillProcess b = new TillProcess("till-b", root, shared)) {
            a.start();
            b.start();
            List<TillProcess> both = List.of(a, b);
            List<TillClient> clients = List.of(a.client, b.client);
            Shop shop = a.client.createShop(2000);
            Shop payer = b.client.createShop(0);
            MixedLoad.fund(a.client, nodeClient, payer, 2_000_000);
            MixedLoad load = new MixedLoad(clients, nodeClient, shop, payer, receiver.url("/hook"));
            List<String> takeovers = new ArrayList<>();
            long start = System.nanoTime();
            try {
                load.start(seed, 3);
                for (int kill = 0; kill < KILLS; kill++) {
                    int after = load.completed.get() + 100 + random.nextInt(300); // a random moment of the run
                    Await.until(after + " operations", Duration.ofSeconds(120), () -> load.completed.get() >= after);
                    TillProcess holder = awaitHolder(both);
                    TillProcess survivor = holder == a ? b : a;
                    long killedAt = System.nanoTime();
                    holder.kill(); // the load goes on, over both
                    awaitHolder(List.of(survivor));
                    takeovers.add(String.format("%s took over from %s in %.1f s", survivor.name, holder.name,
                            (System.nanoTime() - killedAt) / 1e9));
                    System.out.println("two processes, kill -9: " + takeovers.get(kill));
                    holder.start();
                }
                int last = load.completed.get() + 150; // a last stretch of load with both processes up
                Await.until("a last stretch of load", Duration.ofSeconds(120), () -> load.completed.get() >= last);
                load.stop();

                MixedRunCheck.awaitSettled(clients, load, delivered);
                int reconnected = assertWatchesToldPaid(load, clients);
                System.out.printf("two processes, kill -9: %s; %d operations, %d invoices (%d paid), %d watched on the other "
                                + "process (%d broken by a kill and reconnected), %d outgoing payments, %d webhook requests, "
                                + "in %.1f s%n", takeovers, load.completed.get(), load.created.size(), load.paidOnNode.size(),
                        load.watches.size(), reconnected, load.outgoing.size(), receiver.all.size(),
                        (System.nanoTime() - start) / 1e9);
                assertTrue(load.paidOnNode.size() >= 30, "enough payments to mean something: " + load.paidOnNode.size());
                assertTrue(load.watches.size() >= 10, "enough watched invoices to mean something: " + load.watches.size());
                for (TillProcess each : both) {
                    assertEquals("ok", each.health().orElseThrow().path("status").asText(),
                            each.name + " is healthy, holding the watcher or not: " + each.health());
                }
            } finally {
                load.stop();
                load.closeWatches();
            }
            a.close();
            b.close();
            Set<String> paidOnNode = MixedRunCheck.paidOnNode(nodeClient);
            assertTrue(paidOnNode.containsAll(load.paidOnNode), "the node knows every payment it made");
            try (Database database = Database.open(root.resolve(a.name),
                    DatabaseSetting.of(pg.url(db), ThrowawayPostgres.USER, null))) {
                MixedRunCheck.assertLedger(database, paidOnNode);
            }
        }
    }

    /** The process holding the watcher, once exactly one of {@code processes} says so and each of them names it. */
    private static TillProcess awaitHolder(List<TillProcess> processes) {
        AtomicReference<TillProcess> holder = new AtomicReference<>();
        Await.until("one of " + processes.stream().map(p -> p.name).toList() + " holding the watcher, named by each",
                TAKEOVER, () -> {
                    holder.set(holderNow(processes).orElse(null));
                    return holder.get() != null;
                });
        return holder.get();
    }

    private static Optional<TillProcess> holderNow(List<TillProcess> processes) {
        List<TillProcess> holders = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (TillProcess process : processes) {
            Optional<JsonNode> health = process.health();
            if (health.isEmpty()) {
                return Optional.empty();
            }
            if (health.get().path("process").path("watcherHolder").asBoolean()) {
                holders.add(process);
            }
            named.add(health.get().path("watcher").path("holder").asText());
        }
        return holders.size() == 1 && named.equals(Set.of(holders.get(0).name)) ? Optional.of(holders.get(0))
                : Optional.empty();
    }

    /**
     * Every watch opened on an unpaid invoice, and each one whose invoice was paid told "paid" by its process, unless
     * a kill broke its connection first: then a payer's page reconnects, to either process, and is told "paid" at
     * once. Answers how many had to.
     */
    private static int assertWatchesToldPaid(MixedLoad load, List<TillClient> clients) {
        for (InvoiceWatch watch : load.watches) {
            assertEquals("unpaid", watch.first.path("status").asText(),
                    "a watch on the other process first sees the new invoice unpaid: " + watch.first);
        }
        List<InvoiceWatch> ofPaid = load.watches.stream().filter(w -> load.paidOnNode.contains(w.invoiceHash)).toList();
        try {
            Await.until("every WebSocket watching a paid invoice told \"paid\" (or broken by a kill)", Duration.ofSeconds(30),
                    () -> ofPaid.stream().allMatch(watch -> watch.sawPaid() || watch.broken()));
        } catch (AssertionError timedOut) {
            List<String> waiting = ofPaid.stream().filter(watch -> !watch.sawPaid() && !watch.broken())
                    .map(watch -> watch.invoiceHash + " on " + watch.till).toList();
            throw new AssertionError(waiting.size() + " of " + ofPaid.size() + " WebSockets watching a paid invoice on the "
                    + "other process were never told \"paid\": " + waiting.subList(0, Math.min(5, waiting.size())), timedOut);
        }
        List<InvoiceWatch> broken = ofPaid.stream().filter(watch -> !watch.sawPaid()).toList();
        for (InvoiceWatch watch : broken) {
            for (TillClient till : clients) {
                try (InvoiceWatch again = InvoiceWatch.open(till, watch.invoiceHash).orElseThrow()) {
                    assertEquals("paid", again.first.path("status").asText(), "reconnected to " + till.url);
                }
            }
        }
        return broken.size();
    }
}
