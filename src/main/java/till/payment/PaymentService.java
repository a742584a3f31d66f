package till.payment;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.account.AccountService;
import till.account.LedgerKind;
import till.bolt11.Bolt11Invoice;
import till.error.ErrorCode;
import till.error.Problem;
import till.invoice.InvoiceCore;
import till.invoice.Invoice;
import till.node.LightningNode;
import till.node.NodeException;
import till.node.NodeRpcException;
import till.store.Ids;

/**
 * Outgoing payments: verify the bolt11, reserve amount + fee budget, ask the node to pay, and settle the ledger by
 * the node's answer. Bolt11s of this Till are settled between accounts in the database instead.
 */
public final class PaymentService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);
    /** The default fee budget: 0.5% of the amount, but at least 5 sat (small payments cost more than 0.5%). */
    static final long MIN_DEFAULT_FEE_MSAT = 5000;
    private static final int MAX_REASON = 500;
    private static final int RESOLVE_BATCH = 200;

    /**
     * @param answerWithin     how long {@code pay} waits for the node before answering with the payment in flight
     * @param retryForSeconds  the node's {@code retry_for}: how long it keeps looking for routes
     * @param unrecordedAfter  how old an in-flight payment the node has no record of must be before it counts as
     *                         failed. The resolver only looks at payments whose pay call is not running in this
     *                         process (it ended without an answer, or an earlier process died during it), so the
     *                         call either reached the node — which records a payment as soon as it starts — or
     *                         never will: a short wait covers a request still being read by the node.
     */
    public record Settings(Duration answerWithin, int retryForSeconds, Duration unrecordedAfter) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), 60, Duration.ofSeconds(30));
    }

    private final Jdbi jdbi;
    private final LightningNode node;
    private final OurNode ourNode;
    private final AccountService accounts;
    private final InvoiceCore invoices;
    private final Clock clock;
    private final Settings settings;
    private final InternalPayment internal;
    /** Payments whose pay call is running in this process: the resolver leaves them to it. */
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "node-pay");
        thread.setDaemon(true);
        return thread;
    });

    public PaymentService(Jdbi jdbi, LightningNode node, AccountService accounts, InvoiceCore invoices, Clock clock,
                          Settings settings) {
        this.jdbi = jdbi;
        this.node = node;
        this.ourNode = new OurNode(node);
        this.accounts = accounts;
        this.invoices = invoices;
        this.clock = clock;
        this.settings = settings;
        this.internal = new InternalPayment(jdbi, node, accounts, invoices, clock, this::settle);
    }

    public DecodedBolt11 decode(String bolt11) {
        return DecodedBolt11.of(Bolt11Verifier.decode(bolt11), clock.instant());
    }

    /** Every payment of the hash, newest first; at most one of them in flight or succeeded (the newest). */
    public List<Payment> findByHash(String paymentHash) {
        return jdbi.withExtension(PaymentDao.class, dao -> dao.findByHash(paymentHash));
    }

    /**
     * The payment this request started at or after {@code since}, if it got that far: what a request that died
     * before answering did. Empty for a bolt11 that does not decode (such a request was refused and started nothing).
     */
    public Optional<Payment> startedSince(PaymentRequest request, Instant since) {
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

    private Optional<Payment> findActive(String paymentHash) {
        return jdbi.withExtension(PaymentDao.class, dao -> dao.findActive(paymentHash));
    }

    /**
     * Pays a bolt11 from an account and answers the payment: ended, or still in flight when the node has not
     * answered within {@link Settings#answerWithin()}. A bolt11 this account is paying or has paid answers that
     * payment; one whose earlier payments all failed is paid anew.
     */
    public Payment pay(PaymentRequest request) {
        Bolt11Invoice invoice = Bolt11Verifier.decode(request.bolt11());
        accounts.findAccount(request.accountId())
                .orElseThrow(() -> Problem.at(ErrorCode.ACCOUNT_NOT_FOUND, "accountId"));
        Optional<Payment> earlier = findActive(invoice.paymentHash());
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
                return payInternally(request.accountId(), ours.get(), amount);
            }
            long maxFee = request.maxFeeMsat() != null ? request.maxFeeMsat() : defaultMaxFee(amount);
            Payment payment = new Payment(Ids.next(), request.accountId(), invoice.paymentHash(),
                    Bolt11Verifier.normalize(request.bolt11()), amount, maxFee, null, PaymentStatus.in_flight, false,
                    null, null, clock.instant(), null);
            reserve(payment);
            return send(payment, invoice.amountMsat() == null ? amount : null);
        } catch (UnableToExecuteStatementException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            // Another request for the same payment hash committed first: answer as if this one came after it (or, if
            // that payment has failed since, try again).
            return findActive(invoice.paymentHash()).map(p -> firstPayment(p, request.accountId()))
                    .orElseGet(() -> pay(request));
        }
    }

    private Payment payInternally(String payerId, Invoice invoice, long amountMsat) {
        Payment reserved = internal.reserve(payerId, invoice, amountMsat);
        live.add(reserved.id());
        try {
            return InternalPayment.answer(internal.finish(reserved, invoice));
        } finally {
            live.remove(reserved.id());
        }
    }

    static long defaultMaxFee(long amountMsat) {
        return Math.max(MIN_DEFAULT_FEE_MSAT, amountMsat / 200);
    }

    /**
     * The same account paying again gets the payment in flight or succeeded; another account is refused, saying
     * which of the two blocks it (a payment in flight may still fail, and then the bolt11 can be paid again).
     */
    private static Payment firstPayment(Payment active, String accountId) {
        if (active.accountId().equals(accountId)) {
            return active;
        }
        if (active.isInFlight()) {
            throw Problem.at(ErrorCode.PAYMENT_IN_FLIGHT, "bolt11");
        }
        throw Problem.at(ErrorCode.INVOICE_ALREADY_PAID, "bolt11");
    }

    /** Writes the payment in flight with its reservation, and commits, before anyone asks the node. */
    private void reserve(Payment payment) {
        jdbi.useTransaction(handle -> {
            handle.attach(PaymentDao.class).insert(payment);
            if (!accounts.take(handle, payment.accountId(), LedgerKind.RESERVE, payment.reservedMsat(), payment.id())) {
                throw insufficientBalance(payment.reservedMsat());
            }
        });
    }

    static Problem insufficientBalance(long neededMsat) {
        return Problem.of(ErrorCode.INSUFFICIENT_BALANCE,
                "The balance does not cover " + neededMsat + " msat (amount plus fee budget)");
    }

    static boolean isUniqueViolation(UnableToExecuteStatementException e) {
        return e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
    }

    /** Calls the node in the background; answers once it has, or with the payment in flight after answerWithin. */
    private Payment send(Payment payment, Long amountForNode) {
        live.add(payment.id());
        CompletableFuture<Payment> call = CompletableFuture.supplyAsync(() -> {
            try {
                return settle(payment, askNode(payment, amountForNode));
            } finally {
                live.remove(payment.id());
            }
        }, calls);
        try {
            return call.get(settings.answerWithin().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillPaying) {
            return payment;
        } catch (ExecutionException e) {
            log.error("Payment {} could not be settled; the resolver will retry", payment.id(), e.getCause());
            return payment;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return payment;
        }
    }

    private PaymentOutcome askNode(Payment payment, Long amountForNode) {
        try {
            return PaymentOutcome.ofPay(node.pay(payment.bolt11(), amountForNode, payment.maxFeeMsat(), settings.retryForSeconds()));
        } catch (NodeRpcException e) {
            return PaymentOutcome.ofPayError(e);
        } catch (NodeException e) {
            // Sent or not, we cannot tell: the node's list of payments will.
            log.warn("Payment {}: no answer from the node ({}); the resolver will ask it later", payment.id(), e.getMessage());
            return new PaymentOutcome.Open("no answer from the node");
        }
    }

    /**
     * Applies a final outcome in one database transaction: the payment ends, and the reservation is released except
     * for what was spent. Idempotent: a payment that has already ended is left as it is. Answers the payment now.
     */
    Payment settle(Payment payment, PaymentOutcome outcome) {
        Instant now = clock.instant();
        if (outcome instanceof PaymentOutcome.Succeeded s) {
            long fee = s.amountSentMsat() - payment.amountMsat();
            long charged = Math.max(0, Math.min(fee, payment.maxFeeMsat()));
            if (charged != fee) {
                log.warn("Payment {}: the node reports a fee of {} msat, outside 0..{}; the account is charged {}",
                        payment.id(), fee, payment.maxFeeMsat(), charged);
            }
            end(payment, PaymentStatus.succeeded, charged, s.preimage(), null, payment.maxFeeMsat() - charged, now);
        } else if (outcome instanceof PaymentOutcome.Failed f) {
            String reason = f.reason().length() > MAX_REASON ? f.reason().substring(0, MAX_REASON) : f.reason();
            end(payment, PaymentStatus.failed, null, null, reason, payment.reservedMsat(), now);
        }
        return jdbi.withExtension(PaymentDao.class, dao -> dao.findById(payment.id())).orElseThrow();
    }

    private void end(Payment p, PaymentStatus status, Long fee, String preimage, String reason, long releaseMsat, Instant now) {
        boolean ended = jdbi.inTransaction(handle -> {
            if (handle.attach(PaymentDao.class).finish(p.id(), status, fee, preimage, reason, now) == 0) {
                return false;
            }
            accounts.release(handle, p.accountId(), releaseMsat, p.id());
            return true;
        });
        if (ended) {
            log.info("Payment {} of {} msat from account {} {}{}", p.id(), p.amountMsat(), p.accountId(), status,
                    reason == null ? " (fee " + fee + " msat)" : ": " + reason);
        }
    }

    /**
     * Finishes in-flight payments no call in this process is handling, by asking the node about them: run at start
     * (a crash between "sent" and "answered" leaves such rows) and periodically. A payment the node has no record of
     * fails only after {@link Settings#unrecordedAfter()}. It is not paid again: the node says it never saw
     * it, so failing it cannot lose money, while re-paying would spend twice if that record was merely late.
     */
    public int resolveInFlight() {
        List<Payment> open = jdbi.withExtension(PaymentDao.class, dao -> dao.inFlight(RESOLVE_BATCH));
        int ended = 0;
        for (Payment payment : open) {
            if (live.contains(payment.id())) {
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
            if (!settle(payment, outcome).isInFlight()) {
                ended++;
            }
        }
        return ended;
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
