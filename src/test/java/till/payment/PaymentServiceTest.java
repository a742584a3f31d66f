package till.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.Await;
import till.TestInvoices;
import till.account.AccountService;
import till.account.LedgerKind;
import till.invoice.InvoiceService;
import till.invoice.NewInvoice;
import till.node.ClnRestClient;
import till.node.sim.SimNode;
import till.node.sim.SimPayRule;
import till.store.Database;
import till.webhook.WebhookOutbox;
import till.webhook.WebhookUrlGuard;

/** The paths that take time in production (the 30 s answer, the grace before "never sent"), with short settings. */
class PaymentServiceTest {
    @TempDir
    Path dir;
    private SimNode node;
    private Database database;
    private ClnRestClient client;
    private AccountService accounts;
    private InvoiceService invoices;
    private String accountId;

    @BeforeEach
    void start() {
        node = SimNode.start(0, dir.resolve("node"));
        database = Database.open(dir.resolve("till"));
        client = new ClnRestClient(new ClnRestClient.Config(node.baseUrl(), "rune", null, false));
        Clock clock = Clock.systemUTC();
        accounts = new AccountService(database.jdbi(), clock, 0);
        invoices = new InvoiceService(database.jdbi(), client, accounts, new WebhookOutbox(clock), new WebhookUrlGuard(true), clock);
        accountId = accounts.createAccount("payer", 0).id();
        String bpt = accounts.createBpt(accountId, "counter", 100).id();
        String hash = invoices.create(new NewInvoice(bpt, 100_000, null, 600, null, null)).invoiceHash();
        invoices.recordPayment(node.pay(hash, null));
    }

    @AfterEach
    void stop() {
        client.close();
        database.close();
        node.close();
    }

    private PaymentService service(Duration answerWithin, Duration unrecordedAfter) {
        return new PaymentService(database.jdbi(), client, accounts, invoices, Clock.systemUTC(),
                new PaymentService.Settings(answerWithin, 10, unrecordedAfter));
    }

    private long balance() {
        return accounts.findAccount(accountId).orElseThrow().balanceMsat();
    }

    @Test
    void answersInFlightWhenTheNodeIsSlowAndFinishesInTheBackground() {
        node.payBehaviour(new SimPayRule(5000L, null, null, 2));
        try (PaymentService payments = service(Duration.ofMillis(200), Duration.ofMinutes(5))) {
            String bolt11 = TestInvoices.external(5000L);
            Payment answered = payments.pay(new PaymentRequest(accountId, bolt11, null, null));
            assertTrue(answered.isInFlight());
            assertEquals(100_000 - 5000 - PaymentService.MIN_DEFAULT_FEE_MSAT, balance(), "amount + fee budget reserved");
            assertEquals(0, payments.resolveInFlight(), "the resolver leaves a payment to its running call");
            Await.until("the call ends it", Duration.ofSeconds(10),
                    () -> !payments.findByHash(answered.paymentHash()).get(0).isInFlight());
            assertEquals(PaymentStatus.succeeded, payments.findByHash(answered.paymentHash()).get(0).status());
            assertEquals(100_000 - 5000 - 6, balance());
            assertEquals(balance(), accounts.ledgerSum(accountId));
        }
    }

    @Test
    void aPaymentTheNodeNeverSawFailsOnlyAfterTheGracePeriodAndIsNotSentAgain() {
        // As if Till died after committing the reservation and before its pay call reached the node.
        String bolt11 = TestInvoices.external(2000L);
        Payment orphan = new Payment(UUID.randomUUID().toString(), accountId, TestInvoices.paymentHash(bolt11), bolt11,
                2000, 5000, null, PaymentStatus.in_flight, false, null, null, Clock.systemUTC().instant(), null);
        database.jdbi().useTransaction(handle -> {
            handle.attach(PaymentDao.class).insert(orphan);
            accounts.take(handle, accountId, LedgerKind.RESERVE, 7000, orphan.id());
        });
        try (PaymentService patient = service(Duration.ofSeconds(1), Duration.ofMinutes(5))) {
            assertEquals(0, patient.resolveInFlight());
            assertTrue(patient.findByHash(orphan.paymentHash()).get(0).isInFlight());
        }
        try (PaymentService afterGrace = service(Duration.ofSeconds(1), Duration.ZERO)) {
            assertEquals(1, afterGrace.resolveInFlight());
            Payment failed = afterGrace.findByHash(orphan.paymentHash()).get(0);
            assertEquals(PaymentStatus.failed, failed.status());
            assertTrue(failed.failureReason().contains("no record"), failed.failureReason());
        }
        assertTrue(client.listPays(orphan.paymentHash()).isEmpty(), "never sent, not even by the resolver");
        assertEquals(100_000, balance());
        assertEquals(balance(), accounts.ledgerSum(accountId));
    }
}
