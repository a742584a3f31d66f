package till.node.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.node.InvoiceDescription;
import till.node.cln.ClnCreatedInvoice;
import till.node.cln.ClnInvoice;
import till.node.cln.ClnRestClient;

/** Long polls: many parked waitanyinvoice calls, all woken by one payment. */
class SimNodeWaitTest {
    private static final int WAITERS = 40;

    @TempDir
    Path dir;

    @Test
    void manyParkedWaitersAreWokenByOnePayment() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(WAITERS);
        try (SimNode node = SimNode.start(0, dir);
             ClnRestClient client = new ClnRestClient(new ClnRestClient.Config(node.baseUrl(), "r", null, false))) {
            ClnCreatedInvoice first = client.createInvoice(1_000, "a", InvoiceDescription.shown("a"), 600);
            ClnCreatedInvoice second = client.createInvoice(1_000, "b", InvoiceDescription.shown("b"), 600);
            node.pay(first.paymentHash(), null);
            CountDownLatch parked = new CountDownLatch(WAITERS);
            node.onWaiterParked(parked::countDown);

            List<CompletableFuture<Optional<ClnInvoice>>> waiting = IntStream.range(0, WAITERS)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> client.waitAnyInvoice(1, 120), callers))
                    .toList();
            assertTrue(parked.await(30, TimeUnit.SECONDS), "waiters parked");
            assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone));

            node.pay(second.paymentHash(), 1_500L);

            for (CompletableFuture<Optional<ClnInvoice>> w : waiting) {
                ClnInvoice paid = w.get(30, TimeUnit.SECONDS).orElseThrow();
                assertEquals("b", paid.label());
                assertEquals(2L, paid.payIndex());
                assertEquals(1_500L, paid.amountReceivedMsat());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aParkedWaiterTimesOutWith904() throws Exception {
        try (SimNode node = SimNode.start(0, dir);
             ClnRestClient client = new ClnRestClient(new ClnRestClient.Config(node.baseUrl(), "r", null, false))) {
            CountDownLatch parked = new CountDownLatch(1);
            node.onWaiterParked(parked::countDown);

            assertEquals(Optional.empty(), client.waitAnyInvoice(0, 1));
            assertEquals(0, parked.getCount());
        }
    }
}
