package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import till.account.Caller;
import till.error.ErrorCode;
import till.error.Problem;
import till.payment.OutgoingPayment;
import till.payment.OutgoingPaymentJson;
import till.payment.PayRequest;
import till.payment.OutgoingPayments;

/** The paying handlers (declared in {@link Api}): parse, call {@link OutgoingPayments}, respond. */
final class PaymentRoutes {
    /** BOLT #11 sets no limit; real invoices with many route hints stay far below this. */
    static final int MAX_BOLT11_LENGTH = 4000;

    private final OutgoingPayments payments;
    private final OncePerKey once;
    private final ObjectMapper mapper;

    PaymentRoutes(OutgoingPayments payments, OncePerKey once, ObjectMapper mapper) {
        this.payments = payments;
        this.once = once;
        this.mapper = mapper;
    }

    /** {@code POST /invoice/pay}: 200 with the ended payment, 202 while it is in flight. */
    void pay(Context ctx, Caller caller) {
        Fields body = JsonBody.parse(mapper, ctx.body());
        String accountId = body.requiredString("accountId", 100);
        Auth.mayUse(caller, accountId);
        PayRequest request = new PayRequest(accountId, body.requiredString("bolt11", MAX_BOLT11_LENGTH),
                body.optionalLong("amountMsat", 1, InvoiceRequests.MAX_AMOUNT_MSAT),
                body.optionalLong("maxFeeMsat", 0, InvoiceRequests.MAX_AMOUNT_MSAT));
        OncePerKey.send(ctx, once.pay(ctx, request,
                payment -> once.json(payment.isInFlight() ? 202 : 200, OutgoingPaymentJson.of(payment))));
    }

    /** {@code POST /invoice/decode}. */
    void decode(Context ctx, Caller caller) {
        ctx.json(payments.decode(JsonBody.parse(mapper, ctx.body()).requiredString("bolt11", MAX_BOLT11_LENGTH)));
    }

    /**
     * {@code GET /payment/{paymentHash}}: the caller's newest payment of the hash (the admin's: anyone's); another
     * account's payment looks missing.
     */
    void get(Context ctx, Caller caller) {
        OutgoingPayment payment = payments.findByHash(ctx.pathParam("paymentHash")).stream()
                .filter(p -> caller.mayUse(p.accountId()))
                .findFirst()
                .orElseThrow(() -> Problem.of(ErrorCode.PAYMENT_NOT_FOUND));
        ctx.json(OutgoingPaymentJson.of(payment));
    }
}
