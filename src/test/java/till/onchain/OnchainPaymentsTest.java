package till.onchain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.Await;
import till.account.AccountService;
import till.bitcoin.SeenTransaction;
import till.invoice.IncomingPayment.State;
import till.invoice.Invoice;
import till.invoice.InvoiceCoreHarness;
import till.invoice.InvoiceOrder;
import till.invoice.InvoiceStatus;
import till.node.InvoiceDescription;
import till.node.Outpoint;
import till.node.WalletOutput;

/**
 * The on-chain core against the contract's interfaces: what the peer shows and what the node's wallet lists, applied
 * to an invoice with an address; its status derived from its outputs every time, its account credited once.
 */
class OnchainPaymentsTest {
    private static final String ADDRESS = "bcrt1q9hg775a73fw06mgqp5jfz73z28rsp8tnpuuhw5";
    private static final long AMOUNT_SAT = 10_000;

    @TempDir
    Path dir;
    private InvoiceCoreHarness harness;
    private String account;
    private Invoice invoice;
    private int inputs;

    private OnchainPayments start(int confirmations, long expirySeconds) {
        harness = InvoiceCoreHarness.start(dir, Clock.systemUTC(), 10_000, true);
        account = harness.accounts.createAccount("shop", null).id();
        invoice = harness.core.issuer().issue(new InvoiceOrder(account, null, 100, AMOUNT_SAT * 1000, null, InvoiceDescription.shown("order 1"),
                expirySeconds, null, null, null));
        OnchainPayments payments = new OnchainPayments(harness.core, confirmations, Optional.empty());
        harness.database.jdbi().useTransaction(handle -> payments.addAddress(handle, invoice.id(), ADDRESS));
        return payments;
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void seenThenConfirmedIsProcessingThenPaidAndCreditedOnce() {
        OnchainPayments payments = start(2, 3600);
        SeenTransaction tx = pays("aa", AMOUNT_SAT);
        payments.fromPeer(List.of(tx));
        assertStatus(InvoiceStatus.processing);
        assertEquals(0, balance(), "never credited at processing");
        payments.fromPeer(List.of(tx));  // seen again after a reconnect
        payments.fromWallet(100, List.of(confirmed(tx, 100)), List::of);
        assertStatus(InvoiceStatus.processing); // 1 of 2 confirmations
        payments.fromWallet(101, List.of(confirmed(tx, 100)), List::of);
        assertStatus(InvoiceStatus.paid);
        assertEquals(AMOUNT_SAT * 1000 - AMOUNT_SAT * 10, balance(), "what arrived, minus the 1% fee");
        payments.fromWallet(102, List.of(confirmed(tx, 100)), List::of);
        assertEquals(AMOUNT_SAT * 1000 - AMOUNT_SAT * 10, balance());
        assertEquals(balance(), harness.accounts.ledgerSum(account));
    }

    @Test
    void twoPartialPaymentsAreUnderpaidThenAThirdMakesItPaid() {
        OnchainPayments payments = start(1, 3600);
        SeenTransaction first = pays("a1", 3000);
        SeenTransaction second = pays("a2", 4000);
        payments.fromPeer(List.of(first));
        payments.fromPeer(List.of(second));
        assertStatus(InvoiceStatus.underpaid);
        assertEquals(3000_000 + 4000_000, counted());
        SeenTransaction third = pays("a3", 3500);
        payments.fromPeer(List.of(third));
        assertStatus(InvoiceStatus.processing);
        payments.fromWallet(50, List.of(confirmed(first, 50), confirmed(second, 50)), List::of);
        assertStatus(InvoiceStatus.processing); // 7000 confirmed and 3500 pending cover it
        payments.fromWallet(51, List.of(confirmed(first, 50), confirmed(second, 50), confirmed(third, 51)), List::of);
        assertStatus(InvoiceStatus.paid);
        assertEquals((10_500_000L) - 105_000, balance(), "the whole overpaid sum is credited, minus the fee");
        assertEquals(balance(), harness.accounts.ledgerSum(account));
    }

    @Test
    void aReplacementThatLowersTheAmountReplacesTheFirstTransaction() {
        OnchainPayments payments = start(1, 3600);
        SeenTransaction original = pays("b1", AMOUNT_SAT);
        payments.fromPeer(List.of(original));
        assertStatus(InvoiceStatus.processing);
        SeenTransaction replacement = new SeenTransaction("b2", original.spends(),
                List.of(new SeenTransaction.Output(0, ADDRESS, 6000)), true);
        payments.fromPeer(List.of(replacement));
        assertStatus(InvoiceStatus.underpaid);
        assertEquals(List.of(State.replaced, State.pending), states());
        payments.fromWallet(10, List.of(confirmed(replacement, 10)), List::of);
        assertStatus(InvoiceStatus.underpaid);
        assertEquals(0, balance());
    }

    @Test
    void aDoubleSpendInABlockSeenAfterARestartReplacesThePendingPayment() {
        OnchainPayments payments = start(1, 3600);
        SeenTransaction original = pays("c1", AMOUNT_SAT);
        payments.fromPeer(List.of(original));
        // A new OnchainPayments: what a restarted Till has; the spends are in the database.
        OnchainPayments restarted = new OnchainPayments(harness.core, 1, Optional.empty());
        SeenTransaction elsewhere = new SeenTransaction("c2", original.spends(),
                List.of(new SeenTransaction.Output(0, "bcrt1qother", AMOUNT_SAT)), false);
        restarted.fromPeer(List.of(pays("unrelated", 1), elsewhere));
        assertEquals(State.replaced, states().get(0));
        assertStatus(InvoiceStatus.underpaid); // "unrelated" paid 1 sat to the same address
    }

    @Test
    void aReorgMovesThePaidStatusBackAndTheCreditIsNeverMadeTwice() {
        OnchainPayments payments = start(1, 3600);
        SeenTransaction tx = pays("d1", AMOUNT_SAT);
        payments.fromWallet(200, List.of(confirmed(tx, 200)), List::of);
        assertStatus(InvoiceStatus.paid);
        long credited = balance();
        payments.fromWallet(200, List.of(new WalletOutput(new Outpoint("d1", 0), ADDRESS, AMOUNT_SAT * 1000,
                WalletOutput.State.UNCONFIRMED, null)), List::of);
        assertStatus(InvoiceStatus.processing);
        assertEquals(credited, balance(), "the credit stays");
        payments.fromWallet(201, List.of(confirmed(tx, 201)), List::of);
        assertStatus(InvoiceStatus.paid);
        assertEquals(credited, balance(), "and is not made again");
        assertEquals(balance(), harness.accounts.ledgerSum(account));
    }

    @Test
    void withoutConfirmationsASeenPaymentPays() {
        OnchainPayments payments = start(0, 3600);
        payments.fromPeer(List.of(pays("e1", AMOUNT_SAT)));
        assertStatus(InvoiceStatus.paid);
        assertEquals(AMOUNT_SAT * 990, balance());
    }

    @Test
    void aPaymentAfterExpiryStillCounts() {
        OnchainPayments payments = start(1, 1);
        Await.until("expired", Duration.ofSeconds(10), () -> harness.core.expirer().expireDue() == 1);
        assertStatus(InvoiceStatus.expired);
        SeenTransaction tx = pays("f1", AMOUNT_SAT);
        payments.fromPeer(List.of(tx));
        assertStatus(InvoiceStatus.processing);
        payments.fromWallet(7, List.of(confirmed(tx, 7)), List::of);
        assertStatus(InvoiceStatus.paid);
    }

    @Test
    void aSpentOutputKeepsItsStateAndIsFollowedUntilDeep() {
        OnchainPayments payments = start(1, 3600);
        SeenTransaction tx = pays("g1", AMOUNT_SAT);
        payments.fromWallet(300, List.of(confirmed(tx, 300)), List::of);
        List<Boolean> askedForSpent = new ArrayList<>();
        WalletOutput spent = new WalletOutput(new Outpoint("g1", 0), ADDRESS, AMOUNT_SAT * 1000, WalletOutput.State.SPENT, null);
        payments.fromWallet(302, List.of(), () -> {
            askedForSpent.add(true);
            return List.of(spent);
        });
        assertEquals(List.of(true), askedForSpent);
        assertStatus(InvoiceStatus.paid);
        assertEquals(3, payment().confirmations());
        payments.fromWallet(400, List.of(), () -> List.of(spent));
        payments.fromWallet(401, List.of(), () -> {
            askedForSpent.add(true);
            return List.of(spent);
        });
        assertEquals(List.of(true), askedForSpent, "deep enough: no longer followed");
        assertEquals(State.confirmed, payment().state());
    }

    private SeenTransaction pays(String txid, long amountSat) {
        return new SeenTransaction(txid, List.of(new Outpoint("input" + inputs++, 0)),
                List.of(new SeenTransaction.Output(0, ADDRESS, amountSat), new SeenTransaction.Output(1, "bcrt1qchange", 99)), true);
    }

    private static WalletOutput confirmed(SeenTransaction tx, int height) {
        SeenTransaction.Output output = tx.outputs().get(0);
        return new WalletOutput(new Outpoint(tx.txid(), output.vout()), output.address(), output.amountSat() * 1000,
                WalletOutput.State.CONFIRMED, height);
    }

    private void assertStatus(InvoiceStatus expected) {
        assertEquals(expected, harness.core.invoices().findById(invoice.id()).orElseThrow().status());
    }

    private List<ChainPayment> payments() {
        return new OnchainPayments(harness.core, 1, Optional.empty()).payments(List.of(invoice.id()))
                .getOrDefault(invoice.id(), List.of());
    }

    private ChainPayment payment() {
        return payments().get(0);
    }

    private List<State> states() {
        return payments().stream().map(ChainPayment::state).toList();
    }

    private long counted() {
        return payments().stream().filter(ChainPayment::counts).mapToLong(ChainPayment::amountMsat).sum();
    }

    private long balance() {
        AccountService accounts = harness.accounts;
        return accounts.findAccount(account).orElseThrow().balanceMsat();
    }
}
