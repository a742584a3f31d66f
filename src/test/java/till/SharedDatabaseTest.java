package till;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TillClient.Response;
import till.TillClient.Shop;
import till.WebhookReceiver.Answer;
import till.account.AccountDao;
import till.bolt11.Network;
import till.store.Database;
import till.store.Ids;
import till.webhook.Delivery;
import till.webhook.DeliveryStatus;
import till.webhook.WebhookDao;

/**
 * What must hold across Till processes sharing one PostgreSQL database, with two Tills on it (and one standalone
 * simulated node): each webhook attempt is sent by one of them, a rate limit is one budget for both, and an
 * Idempotency-Key pays once whichever process is asked.
 */
@FirstRunOnly
class SharedDatabaseTest {
    private static final int MAX_PER_HOST = 4;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TillPair tills;
    private static ExecutorService threads;

    @BeforeAll
    static void start() {
        assumeTrue(TestPostgres.available());
        tills = TillPair.start(Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true", "TILL_WEBHOOK_RETRY_SCHEDULE", "200ms,400ms",
                "TILL_WEBHOOK_MAX_PER_HOST", Integer.toString(MAX_PER_HOST),
                "TILL_RATE_LIMIT_PER_TERMINAL", "5/m,burst=5"));
        threads = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        if (tills != null) {
            threads.shutdownNow();
            tills.close();
        }
    }

    /** Runs every task at once (as near as threads allow) and answers their results in order. */
    private static <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(threads.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    @Test
    void dueWebhooksAreEachSentByOneProcessAndRetriedByAny() throws Exception {
        int count = 300;
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        // Slow enough that attempts overlap; every fifth webhook is refused once, so that its retry is due again.
        try (WebhookReceiver receiver = new WebhookReceiver(hook -> {
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
                String id = hook.header("webhook-id");
                int seen = requests.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
                if (seen == 1 && Integer.parseInt(id.substring(id.indexOf('-') + 1)) % 5 == 0) {
                    return Answer.of(500);
                }
                accepted.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
                return Answer.of(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Answer.of(503);
            } finally {
                open.decrementAndGet();
            }
        }); Database database = tills.openDatabase()) {
            // Not handed to either process, both find them by polling the outbox: half due at once, half leased for
            // a moment as if to a process that died before sending them.
            Instant now = Instant.now();
            List<Delivery> due = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Instant next = i % 2 == 0 ? now : now.plusSeconds(1);
                due.add(new Delivery(Ids.next(), "msg_shared-" + i, "tx-" + i, receiver.url("/hook"), "127.0.0.1",
                        "application/json", "{\"n\": " + i + "}", null, DeliveryStatus.pending, 0, now, next, null, null));
            }
            database.jdbi().useExtension(WebhookDao.class, dao -> dao.insert(due));

            Await.until("every webhook delivered", Duration.ofSeconds(60), () -> accepted.size() == count);
            Await.until("every outcome recorded", Duration.ofSeconds(10), () -> database.jdbi().withHandle(h ->
                    h.createQuery("SELECT COUNT(*) FROM webhook_delivery WHERE status = 'delivered'").mapTo(Long.class).one())
                    == count);
            Map<String, Integer> logged = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT d.webhook_id, COUNT(a.id) FROM webhook_delivery d JOIN webhook_attempt a ON a.delivery_id = d.id "
                            + "GROUP BY d.webhook_id").reduceRows(new HashMap<String, Integer>(), (map, row) -> {
                                map.put(row.getColumn(1, String.class), row.getColumn(2, Integer.class));
                                return map;
                            }));
            Map<String, Integer> received = requests.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
            System.out.printf("shared outbox: %d webhooks, %d requests, at most %d at once%n", count,
                    received.values().stream().mapToInt(Integer::intValue).sum(), mostOpen.get());
            assertEquals(Set.of(1), Set.copyOf(accepted.values().stream().map(AtomicInteger::get).toList()),
                    "each webhook accepted once");
            for (int i = 0; i < count; i++) {
                assertEquals(i % 5 == 0 ? 2 : 1, received.get("msg_shared-" + i), "requests for webhook " + i);
            }
            assertEquals(received, logged, "each request is one attempt in the log, none sent twice");
            assertTrue(mostOpen.get() > MAX_PER_HOST, "both processes sent (one alone sends at most " + MAX_PER_HOST
                    + " at once to a host): " + mostOpen.get());
            assertTrue(mostOpen.get() <= 2 * MAX_PER_HOST, "each process keeps to its per-host limit: " + mostOpen.get());
        }
    }

    @Test
    void aBurstOfInvoicesOverBothProcessesMeetsOneBudget() throws Exception {
        Shop shop = tills.first.createShop(0);
        long started = System.nanoTime();
        List<Callable<Response>> creations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TestTill till = tills.both().get(i % 2);
            creations.add(() -> till.post("/invoice/add", TillClient.invoiceBody(shop, 1000), null));
        }
        List<Response> answers = together(creations);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<Integer, Long> statuses = answers.stream().collect(Collectors.groupingBy(Response::status, Collectors.counting()));
        assertEquals(Set.of(201, 429), statuses.keySet(), statuses.toString());
        // The burst of 5 for both together, and one more per 12 s the burst took (5/m).
        long allowed = 5 + (long) Math.floor(seconds / 12);
        assertTrue(statuses.get(201) >= 5 && statuses.get(201) <= allowed, statuses + " in " + seconds + " s");
        for (Response refused : answers.stream().filter(a -> a.status() == 429).toList()) {
            assertEquals("rate_limited", refused.text("code"));
        }
        // Both processes refuse now, with the time until the cluster's next token.
        for (TestTill till : tills.both()) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(till.url + "/invoice/add"))
                    .POST(HttpRequest.BodyPublishers.ofString(TillClient.invoiceBody(shop, 1000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(429, answer.statusCode(), answer.body());
            long retryAfter = Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 12, "Retry-After " + retryAfter);
        }
        assertEquals(201, tills.second.post("/invoice/add", TillClient.invoiceBody(tills.second.createShop(0), 1000),
                null).status(), "another terminal has its own budget");
    }

    @Test
    void theSameIdempotencyKeySentToBothProcessesAtOncePaysOnce() throws Exception {
        Shop shop = tills.first.createShop(0);
        String funding = tills.first.createInvoice(shop, 200_000).get("invoiceHash").asText();
        tills.pay(funding);
        Await.until("the shop funded", Duration.ofSeconds(30), () -> tills.second.balance(shop) == 200_000);

        int keys = 10;
        List<String> bodies = new ArrayList<>();
        List<Callable<Response>> requests = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            String body = "{\"accountId\": \"" + shop.accountId() + "\", \"bolt11\": \""
                    + TestInvoices.external(Network.REGTEST, 1000L + k, Instant.now().getEpochSecond(), 600)
                    + "\", \"maxFeeMsat\": 100}";
            bodies.add(body);
            for (TestTill till : tills.both()) {
                String key = "order-" + k;
                requests.add(() -> withKey(till, key, body, shop));
                requests.add(() -> withKey(till, key, body, shop));
            }
        }
        List<Response> answers = together(requests);
        System.out.printf("shared idempotency keys: %s%n", answers.stream()
                .collect(Collectors.groupingBy(a -> a.status() + " " + a.text("code"), Collectors.counting())));

        long spent = 0;
        for (int k = 0; k < keys; k++) {
            List<Response> ofKey = answers.subList(4 * k, 4 * k + 4);
            List<Response> paid = ofKey.stream().filter(a -> a.status() == 200).toList();
            assertTrue(!paid.isEmpty(), "key " + k + ": one request paid: " + ofKey);
            assertEquals(1, paid.stream().map(a -> a.text("id")).distinct().count(), "key " + k + ": one payment");
            for (Response answer : ofKey) {
                assertTrue(answer.status() == 200 || "idempotency_key_in_progress".equals(answer.text("code")),
                        "key " + k + ": the payment, or in progress: " + answer.body());
            }
            // Afterwards both processes replay the one answer.
            for (TestTill till : tills.both()) {
                Response replay = withKey(till, "order-" + k, bodies.get(k), shop);
                assertEquals(200, replay.status(), replay.body());
                assertEquals(paid.get(0).text("id"), replay.text("id"));
            }
            spent += paid.get(0).json().get("amountMsat").asLong() + paid.get(0).json().get("feeMsat").asLong();
        }
        assertEquals(200_000 - spent, tills.first.balance(shop), "each key paid once");
        try (Database database = tills.openDatabase()) {
            long payments = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM payment WHERE account_id = :a").bind("a", shop.accountId()).mapTo(Long.class).one());
            assertEquals(keys, payments, "one payment per key");
            long ledger = database.jdbi().withExtension(AccountDao.class, dao -> dao.ledgerSum(shop.accountId()));
            assertEquals(200_000 - spent, ledger, "the ledger agrees");
        }
    }

    private static Response withKey(TestTill till, String key, String body, Shop shop) {
        return TillClient.send(HttpRequest.newBuilder(URI.create(till.url + "/invoice/pay"))
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)), shop.apiKey());
    }
}
