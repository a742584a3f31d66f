package till.dashboard.shop;

import java.util.List;
import java.util.Optional;
import till.account.Secrets;
import till.payment.IdempotencyKeys;
import till.payment.OutgoingPayment;
import till.payment.OutgoingPayments;
import till.payment.PayRequest;
import till.payment.PaymentQuote;

/**
 * The shop's pay-outs: a bolt11 quoted before it is paid, then paid through {@link OutgoingPayments} once per form.
 * Each review page gets a new form key, kept as an idempotency key, so that a form sent twice (a double click, a
 * reload, a second tab) pays once and both answers name the same payment.
 */
final class Payouts {
    /** The dashboard's own space among an account's idempotency keys, beside those its API clients choose. */
    private static final String KEY_PREFIX = "dashboard-payout-";
    private static final int LISTED = 100;

    private final OutgoingPayments payments;
    private final IdempotencyKeys idempotencyKeys;

    Payouts(OutgoingPayments payments, IdempotencyKeys idempotencyKeys) {
        this.payments = payments;
        this.idempotencyKeys = idempotencyKeys;
    }

    /** A new form's key: random, so no two forms share one. */
    static String newFormKey() {
        return Secrets.random(16);
    }

    /** What paying would take, checked as paying checks it; a refusal is the {@code Problem} paying would throw. */
    PaymentQuote quote(PayRequest request) {
        return payments.quote(request);
    }

    /**
     * Pays {@code request} once per {@code formKey}: the form sent again answers the payment the first sending made
     * (its body, the payment's id, is what the key keeps), even while that one is still in flight.
     */
    OutgoingPayment payOnce(String formKey, PayRequest request) {
        IdempotencyKeys.Answer answer = idempotencyKeys.once(request.accountId(), KEY_PREFIX + formKey,
                Secrets.hash(request.bolt11() + " " + request.amountMsat()),
                () -> kept(payments.pay(request)),
                claimedAt -> payments.startedSince(request, claimedAt).map(Payouts::kept));
        return payments.find(answer.body()).orElseThrow();
    }

    /** The account's payment with this id; another account's looks missing. */
    Optional<OutgoingPayment> find(String accountId, String paymentId) {
        return payments.find(paymentId).filter(p -> p.accountId().equals(accountId));
    }

    /** The account's newest payments. */
    List<OutgoingPayment> list(String accountId) {
        return payments.list(accountId, LISTED);
    }

    private static IdempotencyKeys.Answer kept(OutgoingPayment payment) {
        return new IdempotencyKeys.Answer(200, payment.id());
    }
}
