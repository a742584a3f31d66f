package till.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import till.account.AccountService;
import till.account.LedgerKind;
import till.bolt11.Bolt11Invoice;
import till.error.ErrorCode;
import till.error.Problem;
import till.invoice.Invoice;
import till.invoice.InvoiceCore;
import till.node.LightningNode;
import till.store.Ids;
import till.store.UniqueViolation;

/**
 * Outgoing payments: verify the bolt11, reserve amount + fee budget, ask the node to pay, and settle the ledger by
 * the node's answer. Bolt11s of this Till are settled between accounts in the database instead.
 */
public final class OutgoingPayments implements AutoCloseable {
    /** The default fee budget: 0.5% of the amount, but at least 5 sat (small payments cost more than 0.5%). */
    static final long MIN_DEFAULT_FEE_MSAT = 5000;
    private static final int RESOLVE_BATCH = 200;

    /**
     * @param answerWithin     how long {@code pay} waits for the node before answering with the payment in flight
     * @param retryForSeconds  the node's {@code retry_for}: how long it keeps looking for routes
     * @param unrecordedAfter  how old an in-flight payment the node has no record of must be before it counts as
     *                         failed. The resolver only looks at payments whose pay call is not running (not in
     *                         this process, nor in another live one: it ended without an answer, or its process
     *                         died during it), so the call either reached the node — which records a payment as
     *                         soon as it starts — or never will: a short wait covers a request still being read by
     *                         the node.
     */
    public record Settings(Duration answerWithin, int retryForSeconds, Duration unrecordedAfter) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), 60, Duration.ofSeconds(30));
    }

    private final LightningNode node;
    private final OurNode ourNode;
    private final AccountService accounts;
    private final InvoiceCore invoices;
    private final Clock clock;
    private final Settings settings;
    private final OutgoingLedger ledger;
    private final InternalPayment internal;
    private final LiveCalls live = new LiveCalls();
    private final NodePayer payer;

    /** {@code handlers}: this process, written on each payment it starts, and which processes are alive. */
    public OutgoingPayments(Jdbi jdbi, LightningNode node, AccountService accounts, InvoiceCore invoices, Clock clock,
                            Settings settings, PaymentHandlers handlers) {
        this.node = node;
        this.ourNode = new OurNode(node);
        this.accounts = accounts;
        this.invoices = invoices;
        this.clock = clock;
        this.settings = settings;
        this.ledger = new OutgoingLedger(jdbi, accounts, clock, handlers);
        this.internal = new InternalPayment(jdbi, node, invoices, clock, ledger);
        this.payer = new NodePayer(node, ledger, live, settings);
    }

    /** {@code listener} is told of every payment that ends from now on (see {@link PaymentEnded}). */
    public void addListener(PaymentEnded listener) {
        ledger.addListener(listener);
    }

    public DecodedBolt11 decode(String bolt11) {
        return DecodedBolt11.of(Bolt11Verifier.decode(bolt11), clock.instant());
    }

    /**
     * What paying {@code request} would take, checked as {@link #pay} checks it (signature, network, expiry, amount)
     * but paying nothing: for a payer to see before it pays.
     */
    public PaymentQuote quote(PayRequest request) {
        Bolt11Invoice invoice = Bolt11Verifier.decode(request.bolt11());
        long amount = Bolt11Verifier.payableAmount(invoice, request.amountMsat(), ourNode.network(),
                clock.instant().getEpochSecond());
        boolean internal = invoices.invoices().findByHash(invoice.paymentHash()).isPresent();
        return new PaymentQuote(DecodedBolt11.of(invoice, clock.instant()), amount,
                internal ? 0 : maxFee(request, amount), internal);
    }

    /** Every payment of the hash, newest first; at most one of them in flight or succeeded (the newest). */
    public List<OutgoingPayment> findByHash(String paymentHash) {
        return ledger.findByHash(paymentHash);
    }

    /** One payment by its id, any account's: the caller checks whose it is. */
    public Optional<OutgoingPayment> find(String id) {
        return ledger.findById(id);
    }

    /** An account's payments, newest first, at most {@code limit}. */
    public List<OutgoingPayment> list(String accountId, int limit) {
        return ledger.byAccount(accountId, limit);
    }

    /**
     * The payment this request started at or after {@code since}, if it got that far: what a request that died
     * before answering did. Empty for a bolt11 that does not decode (such a request was refused and started nothing).
     */
    public Optional<OutgoingPayment> startedSince(PayRequest request, Instant since) {
        String paymentHash;
        try {
            paymentHash = Bolt11Verifier.decode(request.bolt11()).paymentHash();
        } catch (Problem refused) {
            return Optional.empty();
        }
        return findByHash(paymentHash).stream()
                .filter(p -> p.accountId().equals(request.accountId()) && !p.createdAt().isBefore(since))
                .findFirst();
    }

    /**
     * Pays a bolt11 from an account and answers the payment: ended, or still in flight when the node has not
     * answered within {@link Settings#answerWithin()}. A bolt11 this account is paying or has paid answers that
     * payment; one whose earlier payments all failed is paid anew.
     */
    public OutgoingPayment pay(PayRequest request) {
        Bolt11Invoice invoice = Bolt11Verifier.decode(request.bolt11());
        accounts.findAccount(request.accountId())
                .orElseThrow(() -> Problem.at(ErrorCode.ACCOUNT_NOT_FOUND, "accountId"));
        Optional<OutgoingPayment> earlier = ledger.findActive(invoice.paymentHash());
        if (earlier.isPresent()) {
            return firstPayment(earlier.get(), request.accountId());
        }
        long amount = Bolt11Verifier.payableAmount(invoice, request.amountMsat(), ourNode.network(),
                clock.instant().getEpochSecond());
        Optional<Invoice> ours = invoices.invoices().findByHash(invoice.paymentHash());
        if (ours.isPresent() && !ourNode.id().equals(invoice.payeeNodeId())) {
            // Our payment hash under someone else's signature: a re-signed copy of one of our invoices.
            throw Bolt11Verifier.unpayable(ErrorCode.BOLT11_BAD_SIGNATURE,
                    "The bolt11 carries the payment hash of an invoice of this Till but is not signed by its node");
        }
        try {
            if (ours.isPresent()) {
                return payInternally(request, ours.get(), amount);
            }
            long maxFee = maxFee(request, amount);
            OutgoingPayment payment = new OutgoingPayment(Ids.next(), request.accountId(), invoice.paymentHash(),
                    Bolt11Verifier.normalize(request.bolt11()), amount, maxFee, null, OutgoingPaymentStatus.in_flight,
                    false, null, null, clock.instant(), null);
            ledger.open(payment, LedgerKind.RESERVE, payment.reservedMsat(), request.note());
            return payer.send(payment, invoice.amountMsat() == null ? amount : null);
        } catch (UnableToExecuteStatementException e) {
            if (!UniqueViolation.is(e)) {
                throw e;
            }
            // Another request for the same payment hash committed first: answer as if this one came after it (or, if
            // that payment has failed since, try again).
            return ledger.findActive(invoice.paymentHash()).map(p -> firstPayment(p, request.accountId()))
                    .orElseGet(() -> pay(request));
        }
    }

    private OutgoingPayment payInternally(PayRequest request, Invoice invoice, long amountMsat) {
        OutgoingPayment reserved = internal.reserve(request.accountId(), invoice, amountMsat, request.note());
        return live.during(reserved.id(), () -> InternalPayment.answer(internal.finish(reserved, invoice)));
    }

    private static long maxFee(PayRequest request, long amountMsat) {
        return request.maxFeeMsat() != null ? request.maxFeeMsat() : defaultMaxFee(amountMsat);
    }

    static long defaultMaxFee(long amountMsat) {
        return Math.max(MIN_DEFAULT_FEE_MSAT, amountMsat / 200);
    }

    /**
     * The same account paying again gets the payment in flight or succeeded; another account is refused, saying
     * which of the two blocks it (a payment in flight may still fail, and then the bolt11 can be paid again).
     */
    private static OutgoingPayment firstPayment(OutgoingPayment active, String accountId) {
        if (active.accountId().equals(accountId)) {
            return active;
        }
        if (active.isInFlight()) {
            throw Problem.at(ErrorCode.PAYMENT_IN_FLIGHT, "bolt11");
        }
        throw Problem.at(ErrorCode.INVOICE_ALREADY_PAID, "bolt11");
    }

    /**
     * Finishes in-flight payments no running call is handling, by asking the node about them: run at start (a crash
     * between "sent" and "answered" leaves such rows) and periodically, by the process holding the watcher lease. A
     * payment whose call another live process handles is left to it; one left by a process that died is finished
     * here. A payment the node has no record of fails only after {@link Settings#unrecordedAfter()}. It is not paid
     * again: the node says it never saw it, so failing it cannot lose money, while re-paying would spend twice if that
     * record was merely late.
     */
    public int resolveInFlight() {
        int ended = 0;
        for (OutgoingPayment payment : ledger.unhandled(RESOLVE_BATCH)) {
            if (live.isRunning(payment.id())) {
                continue;
            }
            if (payment.internal()) {
                Invoice invoice = invoices.invoices().findByHash(payment.paymentHash()).orElseThrow();
                ended += internal.finish(payment, invoice).isInFlight() ? 0 : 1;
                continue;
            }
            PaymentOutcome outcome = PaymentOutcome.ofListPays(node.outgoingPayments(payment.paymentHash()), payment.createdAt());
            if (outcome instanceof PaymentOutcome.Unrecorded
                    && payment.createdAt().plus(settings.unrecordedAfter()).isBefore(clock.instant())) {
                outcome = new PaymentOutcome.Failed("the node has no record of this payment: it was never sent");
            }
            if (!ledger.settle(payment, outcome).isInFlight()) {
                ended++;
            }
        }
        return ended;
    }

    @Override
    public void close() {
        payer.close();
    }
}
