package till.withdrawal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import till.bolt11.Bolt11;
import till.charge.HashedOrder;
import till.payment.OutgoingPayment;
import till.payment.PaymentEnded;
import till.payment.PaymentNote;
import till.webhook.FormBody;
import till.webhook.NewDelivery;
import till.webhook.WebhookOutbox;
import till.webhook.WebhookUrlGuard;

/**
 * OpenNode's withdrawal callbacks: a withdrawal made with a {@code callback_url} posts its end there, form-encoded as
 * OpenNode does, through the webhook outbox (persistent, retried, logged like every webhook). The callback is stored
 * with the payment when it opens, signed with {@code hashed_order} = HMAC-SHA256(the API key that made it, the
 * withdrawal's id): the key itself is never stored.
 */
public final class WithdrawalCallbacks implements PaymentEnded {
    private final WebhookOutbox outbox;
    private final WebhookUrlGuard guard;

    public WithdrawalCallbacks(WebhookOutbox outbox, WebhookUrlGuard guard) {
        this.outbox = outbox;
        this.guard = guard;
    }

    /** The note a withdrawal's payment carries: its callback. The URL is checked here, before anything is paid. */
    public PaymentNote note(String callbackUrl, String apiKey) {
        guard.checkUrl("callback_url", callbackUrl);
        return (handle, paymentId) -> handle.attach(WithdrawalCallbackDao.class)
                .insert(paymentId, callbackUrl, HashedOrder.of(apiKey, paymentId));
    }

    @Override
    public void ended(Handle handle, OutgoingPayment payment) {
        handle.attach(WithdrawalCallbackDao.class).find(payment.id()).ifPresent(callback ->
                outbox.enqueue(handle, List.of(new NewDelivery(payment.id(), callback.callbackUrl(), NewDelivery.FORM,
                        body(Withdrawal.of(payment), Bolt11.decode(payment.bolt11()).payeeNodeId(), callback.hashedOrder()),
                        null))));
    }

    /** The fields OpenNode's withdrawal callback carries; {@code address} is the payee's node id, as OpenNode sends. */
    static String body(Withdrawal w, String payee, String hashedOrder) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", w.id());
        fields.put("type", w.type());
        fields.put("amount", Long.toString(w.amount()));
        fields.put("reference", w.reference());
        fields.put("processed_at", w.processedAt() == null ? "" : Long.toString(w.processedAt()));
        fields.put("address", payee);
        fields.put("fee", Long.toString(w.fee()));
        fields.put("status", w.status());
        if (w.error() != null) {
            fields.put("error", w.error());
        }
        fields.put("hashed_order", hashedOrder);
        return FormBody.of(fields);
    }
}
