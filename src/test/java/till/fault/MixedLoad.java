package till.fault;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import till.TestInvoices;
import till.TillClient;
import till.TillClient.Shop;
import till.WsClient;

/**
 * A mixed load on a Till that may die at any moment: invoices over REST and the WebSocket (each with a webhook),
 * their payment by the node's payer, and outgoing payments of other nodes' bolt11s. It remembers what is known
 * to have happened; a request cut short by a kill just counts as not done.
 */
final class MixedLoad {
    final Set<String> created = ConcurrentHashMap.newKeySet();
    final Set<String> paidOnNode = ConcurrentHashMap.newKeySet();
    final Set<String> outgoing = ConcurrentHashMap.newKeySet();
    final AtomicInteger completed = new AtomicInteger();
    /** Every answer Till gave, counted by kind: "201", "503 node_unreachable", "ws node_unreachable"... */
    final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();

    private final TillClient till;
    private final TillClient node;
    private final Shop shop;
    private final Shop payer;
    private final String webhookUrl;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    MixedLoad(TillClient till, TillClient node, Shop shop, Shop payer, String webhookUrl) {
        this.till = till;
        this.node = node;
        this.shop = shop;
        this.payer = payer;
        this.webhookUrl = webhookUrl;
    }

    void start(long seed, int threadCount) {
        running.set(true);
        for (int t = 0; t < threadCount; t++) {
            Random random = new Random(seed + t);
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        if (step(random)) {
                            completed.incrementAndGet();
                        }
                    } catch (RuntimeException tillIsDown) {
                        // killed mid-request: this operation may or may not have happened
                    }
                }
            }, "mixed-load-" + t);
            thread.start();
            threads.add(thread);
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        threads.clear();
    }

    private boolean step(Random random) {
        int choice = random.nextInt(10);
        if (choice < 3) {
            return restInvoice(random);
        } else if (choice < 5) {
            return socketInvoice(random);
        } else if (choice < 9) {
            return payOne(random);
        }
        return payOut(random);
    }

    private boolean restInvoice(Random random) {
        TillClient.Response response = count(till.post("/invoice/add", "{\"bptId\": \"" + shop.bptId() + "\", \"amountMsat\": "
                + (1000 + random.nextInt(9000)) + ", \"webhookUrl\": \"" + webhookUrl + "\"}", null));
        if (response.status() != 201) {
            return false;
        }
        created.add(response.text("invoiceHash"));
        return true;
    }

    private boolean socketInvoice(Random random) {
        String url = till.url.replace("http", "ws") + "/invoice/add?bpt_id=" + shop.bptId() + "&amount_msat="
                + (1000 + random.nextInt(9000)) + "&webhook_url=" + URLEncoder.encode(webhookUrl, StandardCharsets.UTF_8);
        try (WsClient socket = new WsClient(url)) {
            JsonNode invoice = socket.next(Duration.ofSeconds(10));
            if (!invoice.hasNonNull("invoiceHash")) {
                answers.computeIfAbsent("ws " + invoice.path("code").asText(), k -> new AtomicInteger()).incrementAndGet();
                return false;
            }
            created.add(invoice.get("invoiceHash").asText());
            return true;
        } catch (Exception | AssertionError tillIsDown) {
            return false;
        }
    }

    /** The node's payer pays an invoice; the node stays up, so this goes on while Till is down. */
    private boolean payOne(Random random) {
        List<String> unpaid = created.stream().filter(hash -> !paidOnNode.contains(hash)).sorted().toList();
        if (unpaid.isEmpty()) {
            return false;
        }
        String hash = unpaid.get(random.nextInt(unpaid.size()));
        if (node.post("/simulator/pay/" + hash, "", null).status() == 200) {
            paidOnNode.add(hash);
            return true;
        }
        return false;
    }

    private boolean payOut(Random random) {
        String bolt11 = TestInvoices.external(100L + random.nextInt(400));
        outgoing.add(TestInvoices.paymentHash(bolt11));
        int status = count(till.payBolt11(payer, bolt11)).status();
        return status == 200 || status == 202;
    }

    private TillClient.Response count(TillClient.Response response) {
        String kind = response.status() < 400 ? Integer.toString(response.status()) : response.status() + " " + response.text("code");
        answers.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        return response;
    }

    /** The answers that were errors of Till's own (5xx, or a WebSocket's server-side error), but {@code allowed}. */
    Map<String, Integer> serverErrorsBut(String allowed) {
        Map<String, Integer> errors = new TreeMap<>();
        answers.forEach((kind, count) -> {
            String code = kind.substring(kind.indexOf(' ') + 1);
            boolean serverError = kind.startsWith("5") || kind.startsWith("ws ");
            if (serverError && !code.equals(allowed)) {
                errors.put(kind, count.get());
            }
        });
        return errors;
    }
}
