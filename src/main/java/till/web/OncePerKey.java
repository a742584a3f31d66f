package till.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.function.Function;
import till.account.Secrets;
import till.json.CanonicalJson;
import till.payment.IdempotencyKeys;
import till.payment.OutgoingPayment;
import till.payment.OutgoingPayments;
import till.payment.PayRequest;

/**
 * Pays a request for every route that pays ({@code /invoice/pay}, OpenNode's {@code /v2/withdrawals}), once per
 * {@code Idempotency-Key} when the request carries one: the first answer is kept and replayed, in the route's own shape.
 */
final class OncePerKey {
    private final OutgoingPayments payments;
    private final IdempotencyKeys idempotencyKeys;
    private final ObjectMapper mapper;

    OncePerKey(OutgoingPayments payments, IdempotencyKeys idempotencyKeys, ObjectMapper mapper) {
        this.payments = payments;
        this.idempotencyKeys = idempotencyKeys;
        this.mapper = mapper;
    }

    /** Pays {@code request} (or replays the key's first answer) and answers the payment as {@code answer} shows it. */
    IdempotencyKeys.Answer pay(Context ctx, PayRequest request, Function<OutgoingPayment, IdempotencyKeys.Answer> answer) {
        String key = ctx.header("Idempotency-Key");
        if (key == null) {
            return answer.apply(payments.pay(request));
        }
        // The body canonical (members sorted, no spacing), so that neither makes a "different" request.
        return idempotencyKeys.once(request.accountId(), key, Secrets.hash(canonical(ctx.body())),
                () -> answer.apply(payments.pay(request)),
                claimedAt -> payments.startedSince(request, claimedAt).map(answer));
    }

    /** An answer as it is kept: the status and the JSON of {@code body}. */
    IdempotencyKeys.Answer json(int status, Object body) {
        try {
            return new IdempotencyKeys.Answer(status, mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void send(Context ctx, IdempotencyKeys.Answer answer) {
        ctx.status(answer.status()).contentType("application/json").result(answer.body());
    }

    private String canonical(String body) {
        try {
            return CanonicalJson.of(mapper.readTree(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the body was parsed before", e);
        }
    }
}
