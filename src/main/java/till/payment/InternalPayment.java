package till.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import till.account.AccountService;
import till.account.LedgerKind;
import till.error.Problem;
import till.invoice.InvoiceService;
import till.invoice.ReceivedPayment;
import till.invoice.Transaction;
import till.store.Ids;

/**
 * A bolt11 of this Till paid by one of its accounts: settled in one database transaction, without the node. The
 * payer is debited, and the invoice is settled as if paid from outside (credit, webhook, WebSocket message).
 */
final class InternalPayment {
    private final Jdbi jdbi;
    private final AccountService accounts;
    private final InvoiceService invoices;
    private final Clock clock;

    InternalPayment(Jdbi jdbi, AccountService accounts, InvoiceService invoices, Clock clock) {
        this.jdbi = jdbi;
        this.accounts = accounts;
        this.invoices = invoices;
        this.clock = clock;
    }

    Payment pay(String payerId, Transaction invoice, long amountMsat) {
        if (invoice.isPaid()) {
            throw alreadyPaid();
        }
        if (invoice.accountId().equals(payerId)) {
            // It would only move the operator's fee out of the account: almost certainly a mistake.
            throw new Problem(422, "own_invoice", "An account cannot pay its own invoice", "bolt11");
        }
        Instant now = clock.instant();
        Payment payment = new Payment(Ids.next(), payerId, invoice.invoiceHash(), invoice.bolt11(),
                amountMsat, 0, 0L, PaymentStatus.succeeded, true, null, null, now, now);
        // A unique violation on the payment hash (another request came first) is the caller's to answer.
        Transaction settled = jdbi.inTransaction(handle -> {
            handle.attach(PaymentDao.class).insert(payment);
            if (!accounts.take(handle, payerId, LedgerKind.DEBIT, amountMsat, payment.id())) {
                throw PaymentService.insufficientBalance(amountMsat);
            }
            Optional<Transaction> done = invoices.settleWithin(handle,
                    List.of(new ReceivedPayment(invoice, amountMsat, now, null))).get(0);
            return done.orElseThrow(InternalPayment::alreadyPaid);
        });
        invoices.announce(settled);
        return payment;
    }

    private static Problem alreadyPaid() {
        return new Problem(409, "invoice_already_paid", "This invoice of Till has already been paid", "bolt11");
    }
}
