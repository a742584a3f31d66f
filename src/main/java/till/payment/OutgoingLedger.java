package till.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.account.AccountService;
import till.account.LedgerKind;
import till.error.ErrorCode;
import till.error.Problem;

/**
 * The stored side of outgoing payments: a payment row and the money it takes from its account are written, and
 * ended, in one database transaction each, so the balance always matches the payments. Each payment names the
 * process that handles its call ({@link PaymentHandlers}).
 */
final class OutgoingLedger {
    private static final Logger log = LoggerFactory.getLogger(OutgoingLedger.class);
    private static final int MAX_REASON = 500;

    private final Jdbi jdbi;
    private final AccountService accounts;
    private final Clock clock;
    private final PaymentHandlers handlers;
    private final List<PaymentEnded> listeners = new CopyOnWriteArrayList<>();

    OutgoingLedger(Jdbi jdbi, AccountService accounts, Clock clock, PaymentHandlers handlers) {
        this.jdbi = jdbi;
        this.accounts = accounts;
        this.clock = clock;
        this.handlers = handlers;
    }

    /** Every payment of the hash, newest first; at most one of them in flight or succeeded (the newest). */
    List<OutgoingPayment> findByHash(String paymentHash) {
        return jdbi.withExtension(OutgoingPaymentDao.class, dao -> dao.findByHash(paymentHash));
    }

    Optional<OutgoingPayment> findActive(String paymentHash) {
        return jdbi.withExtension(OutgoingPaymentDao.class, dao -> dao.findActive(paymentHash));
    }

    void addListener(PaymentEnded listener) {
        listeners.add(listener);
    }

    /** Tells the listeners that this payment has just ended, inside the transaction that ended it. */
    void ended(Handle handle, String paymentId) {
        OutgoingPayment ended = handle.attach(OutgoingPaymentDao.class).findById(paymentId).orElseThrow();
        listeners.forEach(listener -> listener.ended(handle, ended));
    }

    OutgoingPayment find(String id) {
        return findById(id).orElseThrow();
    }

    Optional<OutgoingPayment> findById(String id) {
        return jdbi.withExtension(OutgoingPaymentDao.class, dao -> dao.findById(id));
    }

    List<OutgoingPayment> byAccount(String accountId, int limit) {
        return jdbi.withExtension(OutgoingPaymentDao.class, dao -> dao.byAccount(accountId, limit));
    }

    /** In-flight payments no other live process handles (see {@link OutgoingPaymentDao#unhandled}). */
    List<OutgoingPayment> unhandled(int limit) {
        return jdbi.withExtension(OutgoingPaymentDao.class,
                dao -> dao.unhandled(handlers.self(), handlers.alive().get(), limit));
    }

    /**
     * Writes the payment in flight and takes {@code amountMsat} from its account as {@code kind}, committed before
     * anyone asks the node. A unique violation on the payment hash (another payment of it is active) is the caller's
     * to answer. {@code note} (nullable) is written in the same transaction.
     */
    void open(OutgoingPayment payment, LedgerKind kind, long amountMsat, PaymentNote note) {
        jdbi.useTransaction(handle -> {
            handle.attach(OutgoingPaymentDao.class).insert(payment, handlers.self());
            if (!accounts.take(handle, payment.accountId(), kind, amountMsat, payment.id())) {
                throw Problem.of(ErrorCode.INSUFFICIENT_BALANCE,
                        "The balance does not cover " + amountMsat + " msat (amount plus fee budget)");
            }
            if (note != null) {
                note.write(handle, payment.id());
            }
        });
    }

    /**
     * Applies a final outcome in one database transaction: the payment ends, and the reservation is released except
     * for what was spent. Idempotent: a payment that has already ended is left as it is. Answers the payment now.
     */
    OutgoingPayment settle(OutgoingPayment payment, PaymentOutcome outcome) {
        Instant now = clock.instant();
        if (outcome instanceof PaymentOutcome.Succeeded s) {
            long fee = s.amountSentMsat() - payment.amountMsat();
            long charged = Math.max(0, Math.min(fee, payment.maxFeeMsat()));
            if (charged != fee) {
                log.warn("Payment {}: the node reports a fee of {} msat, outside 0..{}; the account is charged {}",
                        payment.id(), fee, payment.maxFeeMsat(), charged);
            }
            end(payment, OutgoingPaymentStatus.succeeded, charged, s.preimage(), null, payment.maxFeeMsat() - charged, now);
        } else if (outcome instanceof PaymentOutcome.Failed f) {
            String reason = f.reason().length() > MAX_REASON ? f.reason().substring(0, MAX_REASON) : f.reason();
            end(payment, OutgoingPaymentStatus.failed, null, null, reason, payment.reservedMsat(), now);
        }
        return find(payment.id());
    }

    private void end(OutgoingPayment p, OutgoingPaymentStatus status, Long fee, String preimage, String reason,
                     long releaseMsat, Instant now) {
        boolean ended = jdbi.inTransaction(handle -> {
            if (handle.attach(OutgoingPaymentDao.class).finish(p.id(), status, fee, preimage, reason, now) == 0) {
                return false;
            }
            accounts.release(handle, p.accountId(), releaseMsat, p.id());
            ended(handle, p.id());
            return true;
        });
        if (ended) {
            log.info("Payment {} of {} msat from account {} {}{}", p.id(), p.amountMsat(), p.accountId(), status,
                    reason == null ? " (fee " + fee + " msat)" : ": " + reason);
        }
    }
}
