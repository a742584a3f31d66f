package till.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.Await;
import till.TestInvoices;
import till.account.AccountService;
import till.account.LedgerKind;
import till.bolt11.Network;
import till.error.Problem;
import till.invoice.InvoiceCore;
import till.invoice.InvoiceCoreHarness;
import till.invoice.NewInvoice;
import till.node.LightningNode;
import till.node.NodeInvoice;
import till.node.cln.SimLightning;
import till.node.sim.SimNode;
import till.node.sim.SimPayRule;
import till.store.Database;

/** The paths that take time in production (the 30 s answer, the grace before "never sent"), with short settings. */
class OutgoingPaymentsTest {
    @TempDir
    Path dir;
    private InvoiceCoreHarness harness;
    private SimNode node;
    private Database database;
    private LightningNode client;
    private AccountService accounts;
    private InvoiceCore invoices;
    private String accountId;

    @BeforeEach
    void start() {
        harness = InvoiceCoreHarness.start(dir, Clock.systemUTC(), 0, true);
        node = harness.node;
        database = harness.database;
        client = harness.client;
        accounts = harness.accounts;
        invoices = harness.core;
        accountId = accounts.createAccount("payer", 0).id();
        String bpt = accounts.createBpt(accountId, "counter", 100, null).id();
        String hash = invoices.issuer().create(new NewInvoice(bpt, 100_000, null, 600, null, null, null)).invoiceHash();
        invoices.nodePayments().record(SimLightning.pay(node, client, hash));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private OutgoingPayments service(Duration answerWithin, Duration unrecordedAfter) {
        return service(answerWithin, unrecordedAfter, PaymentHandlers.alone());
    }

    private OutgoingPayments service(Duration answerWithin, Duration unrecordedAfter, PaymentHandlers handlers) {
        return new OutgoingPayments(database.jdbi(), client, accounts, invoices, Clock.systemUTC(),
                new OutgoingPayments.Settings(answerWithin, 10, unrecordedAfter), handlers);
    }

    private long balance() {
        return accounts.findAccount(accountId).orElseThrow().balanceMsat();
    }

    @Test
    void answersInFlightWhenTheNodeIsSlowAndFinishesInTheBackground() {
        node.payBehaviour(new SimPayRule(5000L, null, null, 2));
        try (OutgoingPayments payments = service(Duration.ofMillis(200), Duration.ofMinutes(5))) {
            String bolt11 = TestInvoices.external(5000L);
            OutgoingPayment answered = payments.pay(new PayRequest(accountId, bolt11, null, null));
            assertTrue(answered.isInFlight());
            assertEquals(100_000 - 5000 - OutgoingPayments.MIN_DEFAULT_FEE_MSAT, balance(), "amount + fee budget reserved");
            assertEquals(0, payments.resolveInFlight(), "the resolver leaves a payment to its running call");
            Await.until("the call ends it", Duration.ofSeconds(10),
                    () -> !payments.findByHash(answered.paymentHash()).get(0).isInFlight());
            assertEquals(OutgoingPaymentStatus.succeeded, payments.findByHash(answered.paymentHash()).get(0).status());
            assertEquals(100_000 - 5000 - 6, balance());
            assertEquals(balance(), accounts.ledgerSum(accountId));
        }
    }

    @Test
    void aPaymentTheNodeNeverSawFailsOnlyAfterTheGracePeriodAndIsNotSentAgain() {
        // As if Till died after committing the reservation and before its pay call reached the node.
        String bolt11 = TestInvoices.external(2000L);
        OutgoingPayment orphan = new OutgoingPayment(UUID.randomUUID().toString(), accountId, TestInvoices.paymentHash(bolt11), bolt11,
                2000, 5000, null, OutgoingPaymentStatus.in_flight, false, null, null, Clock.systemUTC().instant(), null);
        database.jdbi().useTransaction(handle -> {
            handle.attach(OutgoingPaymentDao.class).insert(orphan, "a process that died");
            accounts.take(handle, accountId, LedgerKind.RESERVE, 7000, orphan.id());
        });
        try (OutgoingPayments patient = service(Duration.ofSeconds(1), Duration.ofMinutes(5))) {
            assertEquals(0, patient.resolveInFlight());
            assertTrue(patient.findByHash(orphan.paymentHash()).get(0).isInFlight());
        }
        try (OutgoingPayments afterGrace = service(Duration.ofSeconds(1), Duration.ZERO)) {
            assertEquals(1, afterGrace.resolveInFlight());
            OutgoingPayment failed = afterGrace.findByHash(orphan.paymentHash()).get(0);
            assertEquals(OutgoingPaymentStatus.failed, failed.status());
            assertTrue(failed.failureReason().contains("no record"), failed.failureReason());
        }
        assertTrue(client.outgoingPayments(orphan.paymentHash()).isEmpty(), "never sent, not even by the resolver");
        assertEquals(100_000, balance());
        assertEquals(balance(), accounts.ledgerSum(accountId));
    }

    @Test
    void aPaymentWhoseCallAnotherLiveProcessHandlesIsLeftToItAndResolvedOnceThatProcessIsGone() {
        // Written by another process, whose pay call has not reached the node yet: the node has no record of it.
        String bolt11 = TestInvoices.external(2000L);
        OutgoingPayment theirs = new OutgoingPayment(UUID.randomUUID().toString(), accountId, TestInvoices.paymentHash(bolt11),
                bolt11, 2000, 5000, null, OutgoingPaymentStatus.in_flight, false, null, null, Clock.systemUTC().instant(), null);
        database.jdbi().useTransaction(handle -> {
            handle.attach(OutgoingPaymentDao.class).insert(theirs, "other");
            accounts.take(handle, accountId, LedgerKind.RESERVE, 7000, theirs.id());
        });
        Set<String> alive = new HashSet<>(Set.of("self", "other"));
        try (OutgoingPayments resolver = service(Duration.ofSeconds(1), Duration.ZERO, new PaymentHandlers("self", () -> alive))) {
            assertEquals(0, resolver.resolveInFlight(), "the other process is alive: its call may still reach the node");
            assertTrue(resolver.findByHash(theirs.paymentHash()).get(0).isInFlight());

            alive.remove("other");
            assertEquals(1, resolver.resolveInFlight(), "the other process is gone: its payment is the resolver's");
            assertEquals(OutgoingPaymentStatus.failed, resolver.findByHash(theirs.paymentHash()).get(0).status());
        }
        assertEquals(100_000, balance());
        assertEquals(balance(), accounts.ledgerSum(accountId));
    }

    /** An invoice of this Till for a second account, and that account's id. */
    private till.invoice.Invoice sellerInvoice(long amountMsat) {
        String seller = accounts.createAccount("seller", 0).id();
        String bpt = accounts.createBpt(seller, "counter", 100, null).id();
        return invoices.issuer().create(new NewInvoice(bpt, amountMsat, null, 600, null, null, null));
    }

    @Test
    void anInvoicePaidOnTheNodeBeforeTheInternalPaymentDeletesItIsRefusedAndSettlesFromTheNode() {
        till.invoice.Invoice invoice = sellerInvoice(3000);
        NodeInvoice paidOnNode = SimLightning.pay(node, client, invoice.invoiceHash());  // Till's watcher has not seen it yet
        try (OutgoingPayments payments = service(Duration.ofSeconds(5), Duration.ofMinutes(5))) {
            Problem refused = assertThrows(Problem.class,
                    () -> payments.pay(new PayRequest(accountId, invoice.bolt11(), null, null)));
            assertEquals(409, refused.status());
            assertEquals("invoice_already_paid", refused.code());
            assertEquals(OutgoingPaymentStatus.failed, payments.findByHash(invoice.invoiceHash()).get(0).status());
        }
        assertEquals(100_000, balance(), "the payer got its money back");
        assertEquals(balance(), accounts.ledgerSum(accountId));
        assertTrue(invoices.nodePayments().record(paidOnNode).isPresent(), "the node's payment settles the invoice as usual");
        assertEquals(3000, invoices.invoices().findById(invoice.id()).orElseThrow().receivedMsat());
        assertTrue(invoices.unmatched().newest(10).isEmpty());
    }

    @Test
    void anInternalPaymentLeftInFlightByACrashIsFinishedByTheResolver() {
        till.invoice.Invoice invoice = sellerInvoice(2500);
        // As if Till died after taking the payer's money and before (or while) asking the node to delete its invoice.
        OutgoingPayment orphan = new OutgoingPayment(UUID.randomUUID().toString(), accountId, invoice.invoiceHash(), invoice.bolt11(),
                2500, 0, null, OutgoingPaymentStatus.in_flight, true, null, null, Clock.systemUTC().instant(), null);
        database.jdbi().useTransaction(handle -> {
            handle.attach(OutgoingPaymentDao.class).insert(orphan, "a process that died");
            accounts.take(handle, accountId, LedgerKind.DEBIT, 2500, orphan.id());
        });
        try (OutgoingPayments payments = service(Duration.ofSeconds(5), Duration.ofMinutes(5))) {
            assertEquals(1, payments.resolveInFlight());
            assertEquals(OutgoingPaymentStatus.succeeded, payments.findByHash(invoice.invoiceHash()).get(0).status());
        }
        assertTrue(client.findInvoice(invoice.invoiceHash()).isEmpty(), "deleted on the node first");
        assertTrue(invoices.invoices().findById(invoice.id()).orElseThrow().isPaid());
        assertEquals(100_000 - 2500, balance());
        assertEquals(balance(), accounts.ledgerSum(accountId));
    }

    @Test
    void aQuoteChecksAsPayingChecksAndShowsTheFeeCapWithoutPaying() {
        try (OutgoingPayments payments = service(Duration.ofSeconds(5), Duration.ofMinutes(5))) {
            String bolt11 = TestInvoices.external(2_000_000L);
            PaymentQuote quote = payments.quote(new PayRequest(accountId, bolt11, null, null));
            assertEquals(2_000_000, quote.amountMsat());
            assertEquals(10_000, quote.maxFeeMsat(), "0.5 % of the amount");
            assertEquals(2_010_000, quote.reservedMsat());
            assertEquals(TestInvoices.paymentHash(bolt11), quote.bolt11().paymentHash());
            assertFalse(quote.internal());
            assertEquals(OutgoingPayments.MIN_DEFAULT_FEE_MSAT,
                    payments.quote(new PayRequest(accountId, TestInvoices.external(1000L), null, null)).maxFeeMsat(), "at least 5 sat");
            assertEquals(7, payments.quote(new PayRequest(accountId, TestInvoices.external(null), 3000L, 7L)).maxFeeMsat(),
                    "the request's own budget");
            PaymentQuote internal = payments.quote(new PayRequest(accountId, sellerInvoice(2500).bolt11(), null, null));
            assertTrue(internal.internal());
            assertEquals(0, internal.maxFeeMsat(), "paid between accounts: no routing fee");

            assertEquals("amount_required", assertThrows(Problem.class,
                    () -> payments.quote(new PayRequest(accountId, TestInvoices.external(null), null, null))).code());
            assertEquals("bolt11_expired", assertThrows(Problem.class, () -> payments.quote(new PayRequest(accountId,
                    TestInvoices.external(Network.REGTEST, 1000L, 1_000_000L, 60), null, null))).code());
            assertEquals("bolt11_wrong_network", assertThrows(Problem.class, () -> payments.quote(new PayRequest(accountId,
                    TestInvoices.external(Network.BITCOIN, 1000L, Instant.now().getEpochSecond(), 600),
                    null, null))).code());
            assertTrue(payments.findByHash(TestInvoices.paymentHash(bolt11)).isEmpty(), "nothing paid");
        }
        assertEquals(100_000, balance());
    }
}
