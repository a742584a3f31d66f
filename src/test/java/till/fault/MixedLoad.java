package till.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import till.Await;
import till.TestInvoices;
import till.TillClient;
import till.TillClient.Shop;
import till.WsClient;

/**
 * A mixed load on Tills that may die at any moment: invoices over REST and the WebSocket (each with a webhook),
 * their payment by the node's payer, and outgoing payments of other nodes' bolt11s. Each operation goes to one of
 * the Till processes at random; with several, each invoice made over REST is also watched on a status WebSocket of
 * another process than the one that made it. It remembers what is known to have happened; a request cut short by a
 * kill just counts as not done.
 */
final class MixedLoad {
    final Set<String> created = ConcurrentHashMap.newKeySet();
    final Set<String> paidOnNode = ConcurrentHashMap.newKeySet();
    final Set<String> outgoing = ConcurrentHashMap.newKeySet();
    /** The status WebSockets that got their first message (several processes only). */
    final Queue<InvoiceWatch> watches = new ConcurrentLinkedQueue<>();
    final AtomicInteger completed = new AtomicInteger();
    /** Every answer Till gave, counted by kind: "201", "503 node_unreachable", "ws node_unreachable"... */
    final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();

    private final List<TillClient> tills;
    private final TillClient node;
    private final Shop shop;
    private final Shop payer;
    private final String webhookUrl;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    MixedLoad(TillClient till, TillClient node, Shop shop, Shop payer, String webhookUrl) {
        this(List.of(till), node, shop, payer, webhookUrl);
    }

    MixedLoad(List<TillClient> tills, TillClient node, Shop shop, Shop payer, String webhookUrl) {
        this.tills = List.copyOf(tills);
        this.node = node;
        this.shop = shop;
        this.payer = payer;
        this.webhookUrl = webhookUrl;
    }

    /** Gives {@code shop} {@code amountMsat} to pay out from: an invoice on {@code till}, paid by the node's payer. */
    static void fund(TillClient till, TillClient node, Shop shop, long amountMsat) {
        String hash = till.createInvoice(shop, amountMsat).get("invoiceHash").asText();
        assertEquals(200, node.post("/simulator/pay/" + hash, "", null).status());
        Await.until("funded", Duration.ofSeconds(30), () -> till.balance(shop) == amountMsat);
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

    /** Closes the watches' sockets, at the end of the test. */
    void closeWatches() {
        watches.forEach(InvoiceWatch::close);
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

    /** The index of the process for this operation; with one, no draw, so that a seed means the same run as before. */
    private int process(Random random) {
        return tills.size() == 1 ? 0 : random.nextInt(tills.size());
    }

    private boolean restInvoice(Random random) {
        int process = process(random);
        TillClient.Response response = count(tills.get(process).post("/invoice/add", "{\"bptId\": \"" + shop.bptId()
                + "\", \"amountMsat\": " + (1000 + random.nextInt(9000)) + ", \"webhookUrl\": \"" + webhookUrl + "\"}", null));
        if (response.status() != 201) {
            return false;
        }
        String hash = response.text("invoiceHash");
        if (tills.size() > 1) {
            // Watched before the payer can see it: the socket's first message is then "unpaid", its second "paid".
            InvoiceWatch.open(tills.get((process + 1) % tills.size()), hash).ifPresent(watches::add);
        }
        created.add(hash);
        return true;
    }

    private boolean socketInvoice(Random random) {
        String url = tills.get(process(random)).url.replace("http", "ws") + "/invoice/add?bpt_id=" + shop.bptId()
                + "&amount_msat=" + (1000 + random.nextInt(9000)) + "&webhook_url="
                + URLEncoder.encode(webhookUrl, StandardCharsets.UTF_8);
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
        int status = count(tills.get(process(random)).payBolt11(payer, bolt11)).status();
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
