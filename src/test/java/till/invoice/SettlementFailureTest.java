package till.invoice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import till.Await;
import till.MovableClock;
import till.TestTill;
import till.account.AccountService;
import till.account.Bpt;
import till.node.sim.SimNode;

/**
 * A settlement that throws (here a hook that fails for one invoice; in the wild an overflow) never lets the watcher's
 * cursor pass that payment, and never stops the expirer for the invoices after it.
 */
class SettlementFailureTest {
    private final MovableClock clock = new MovableClock();
    private final AtomicBoolean failing = new AtomicBoolean(true);
    private InvoiceCoreHarness harness;
    private SimNode node;
    private InvoiceCore invoices;
    private Bpt terminal;
    private String bad;

    @BeforeEach
    void start() {
        harness = InvoiceCoreHarness.start(TestTill.tempDir(), clock, 0, false);
        node = harness.node;
        invoices = harness.core;
        AccountService accounts = harness.accounts;
        terminal = accounts.createBpt(accounts.createAccount("shop", 0).id(), "till", 100, null);
        invoices.events().addHook((handle, transaction) -> {
            if (failing.get() && transaction.invoiceHash().equals(bad)) {
                throw new IllegalStateException("this settlement always fails");
            }
        });
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void theCursorNeverPassesAPaymentThatWasNotSettled() {
        bad = newInvoice(900);
        String good = newInvoice(900);
        try (PaymentWatcher watcher = invoices.watcher(1)) {
            watcher.start();
            long badIndex = node.pay(bad, null).payIndex();
            node.pay(good, null);
            Await.until("the later payment settled", Duration.ofSeconds(20), () -> status(good) == InvoiceStatus.paid);
            assertEquals(InvoiceStatus.unpaid, status(bad));
            assertTrue(invoices.nodePayments().cursor() < badIndex, "cursor " + invoices.nodePayments().cursor() + " passed " + badIndex);

            failing.set(false);
            Await.until("the failed payment settled on a later try", Duration.ofSeconds(20),
                    () -> status(bad) == InvoiceStatus.paid);
            Await.until("the cursor past both", Duration.ofSeconds(20), () -> invoices.nodePayments().cursor() == badIndex + 1);
        }
    }

    @Test
    void anInvoiceWhoseSettlementFailsDoesNotStopTheExpiryOfTheOthers() {
        bad = newInvoice(60);
        String later = newInvoice(120);
        node.pay(bad, null); // the node says paid; recording it fails, every round
        clock.advance(Duration.ofMinutes(3));
        assertEquals(1, invoices.expirer().expireDue());
        assertEquals(InvoiceStatus.expired, status(later));
        assertEquals(InvoiceStatus.unpaid, status(bad));

        failing.set(false);
        assertEquals(1, invoices.expirer().expireDue());
        assertEquals(InvoiceStatus.paid, status(bad));
    }

    private String newInvoice(int expirationSeconds) {
        return invoices.issuer().create(new NewInvoice(terminal.id(), 1000, null, expirationSeconds, null, null, null)).invoiceHash();
    }

    private InvoiceStatus status(String hash) {
        return invoices.invoices().findByHash(hash).orElseThrow().status();
    }
}
