package till.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestInvoices;
import till.TestTill;
import till.TillClient.Response;
import till.TillClient.Shop;

/** Many requests at once for one account: the balance never goes below zero and nothing is paid twice. */
class PaymentConcurrencyTest {
    private static TestTill server;

    @BeforeAll
    static void start() {
        server = TestTill.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs every request at the same moment, each on its own thread, and collects the answers. */
    private static List<Response> all(List<Callable<Response>> requests) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (Callable<Response> request : requests) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return request.call();
                }));
            }
            go.countDown();
            List<Response> result = new ArrayList<>();
            for (Future<Response> answer : answers) {
                result.add(answer.get());
            }
            return result;
        } finally {
            threads.shutdownNow();
        }
    }

    private static String payBody(Shop shop, String bolt11) {
        return "{\"accountId\": \"" + shop.accountId() + "\", \"bolt11\": \"" + bolt11 + "\", \"maxFeeMsat\": 10}";
    }

    @Test
    void aHundredPaysThatTogetherExceedTheBalanceNeverTakeItBelowZero() throws Exception {
        Shop shop = server.createShop(0);
        long funded = 50_000;
        server.fund(shop, funded);
        List<Callable<Response>> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String bolt11 = TestInvoices.external(1000L);
            requests.add(() -> server.post("/invoice/pay", payBody(shop, bolt11), shop.apiKey()));
        }
        int succeeded = 0;
        for (Response answer : all(requests)) {
            if (answer.status() == 200) {
                assertEquals("succeeded", answer.text("status"), answer.body());
                assertEquals(2, answer.json().get("feeMsat").asLong());
                succeeded++;
            } else {
                assertEquals(422, answer.status(), answer.body());
                assertEquals("insufficient_balance", answer.text("code"));
            }
        }
        long balance = server.balance(shop);
        assertTrue(balance >= 0);
        assertTrue(succeeded > 0 && succeeded < 100, "some paid, some refused: " + succeeded);
        assertEquals(funded - succeeded * 1002L, balance, "each success costs amount + fee, nothing else");
        assertEquals(balance, server.ledgerSum(shop.accountId()), "the ledger sum equals the cached balance");
    }

    @Test
    void theSameBolt11PaidConcurrentlyIsPaidOnce() throws Exception {
        Shop shop = server.createShop(0);
        server.fund(shop, 100_000);
        String bolt11 = TestInvoices.external(5000L);
        List<Callable<Response>> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(() -> server.post("/invoice/pay", payBody(shop, bolt11), shop.apiKey()));
        }
        List<Response> answers = all(requests);
        String id = answers.get(0).text("id");
        for (Response answer : answers) {
            // The first payment as it stands: a request that came while it was in flight sees it in flight.
            assertTrue(answer.status() == 200 || answer.status() == 202, answer.body());
            assertEquals(id, answer.text("id"));
        }
        Response settled = server.get("/payment/" + TestInvoices.paymentHash(bolt11), shop.apiKey());
        assertEquals("succeeded", settled.text("status"));
        assertEquals(100_000 - 5006, server.balance(shop));
        server.assertLedgerMatches(shop);
    }

    @Test
    void oneOfOurInvoicesPaidConcurrentlyByTwoAccountsIsPaidOnce() throws Exception {
        Shop seller = server.createShop(0);
        String bolt11 = server.createInvoice(seller, 4000).get("bolt11").asText();
        List<Shop> payers = new ArrayList<>();
        List<Callable<Response>> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Shop payer = server.createShop(0);
            server.fund(payer, 10_000);
            payers.add(payer);
            requests.add(() -> server.payBolt11(payer, bolt11));
        }
        long paid = all(requests).stream().filter(r -> r.status() == 200).count();
        assertEquals(1, paid);
        assertEquals(4000, server.balance(seller));
        assertEquals(10 * 10_000 - 4000, payers.stream().mapToLong(server::balance).sum());
        payers.forEach(server::assertLedgerMatches);
        server.assertLedgerMatches(seller);
    }
}
