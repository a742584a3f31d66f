package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;
import till.account.Caller;
import till.error.ErrorCode;
import till.error.Problem;
import till.payment.OutgoingPayment;
import till.payment.OutgoingPayments;
import till.payment.PayRequest;
import till.withdrawal.Withdrawal;
import till.withdrawal.WithdrawalCallbacks;

/**
 * OpenNode's withdrawals (declared in {@link Api}): a Lightning withdrawal is an outgoing payment of the key's account,
 * paid by {@link OutgoingPayments} with all its guarantees (reservation, fee budget, one payment per bolt11,
 * {@code Idempotency-Key}, in-flight resolution); its id is the payment's.
 */
final class WithdrawalRoutes {
    /** The most {@code GET /v1/withdrawals} lists, newest first. */
    static final int LIST_LIMIT = 500;

    private final OutgoingPayments payments;
    private final WithdrawalCallbacks callbacks;
    private final OncePerKey once;
    private final ObjectMapper mapper;

    WithdrawalRoutes(OutgoingPayments payments, WithdrawalCallbacks callbacks, OncePerKey once, ObjectMapper mapper) {
        this.payments = payments;
        this.callbacks = callbacks;
        this.once = once;
        this.mapper = mapper;
    }

    /**
     * {@code POST /v2/withdrawals {type: "ln", address: <bolt11>, amount?, callback_url?}}: 201 with the withdrawal,
     * {@code pending} while the node is still paying. {@code amount} (satoshis) counts only for a bolt11 without one, as
     * OpenNode's; {@code callback_url} gets the withdrawal's end (see {@link WithdrawalCallbacks}).
     */
    void create(Context ctx, Caller caller) {
        String accountId = Auth.ownAccount(caller, "Withdrawals");
        Fields body = JsonBody.parseLenient(mapper, ctx.body());
        String type = body.requiredString("type", 20);
        if (!type.equals("ln")) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "type", "Till pays Lightning invoices only: type must be \"ln\"");
        }
        // OpenNode's documentation and its clients name the bolt11 "address"; the npm client's types say "payreq".
        String bolt11 = body.optionalString("address", PaymentRoutes.MAX_BOLT11_LENGTH);
        if (bolt11 == null) {
            bolt11 = body.optionalString("payreq", PaymentRoutes.MAX_BOLT11_LENGTH);
        }
        if (bolt11 == null) {
            throw Problem.at(ErrorCode.MISSING_FIELD, "address", "address is required: the bolt11 to pay");
        }
        Long amountSat = body.optionalLong("amount", 1, InvoiceRequests.MAX_AMOUNT_MSAT / 1000);
        Long amountMsat = null;
        if (payments.decode(bolt11).amountMsat() == null) {
            if (amountSat == null) {
                throw Problem.at(ErrorCode.AMOUNT_REQUIRED, "amount", "This bolt11 has no amount: send amount (satoshis)");
            }
            amountMsat = amountSat * 1000;
        }
        String callbackUrl = body.optionalHttpUrl("callback_url");
        PayRequest request = new PayRequest(accountId, bolt11, amountMsat, null,
                callbackUrl == null ? null : callbacks.note(callbackUrl, Auth.key(ctx)));
        OncePerKey.send(ctx, once.pay(ctx, request, payment -> once.json(201, Map.of("data", Withdrawal.of(payment)))));
    }

    /** {@code GET /v1/withdrawal/{id}}: the key's account's own (the admin's: anyone's); another's looks missing. */
    void get(Context ctx, Caller caller) {
        OutgoingPayment payment = payments.find(ctx.pathParam("id")).filter(p -> caller.mayUse(p.accountId()))
                .orElseThrow(() -> Problem.of(ErrorCode.PAYMENT_NOT_FOUND, "No such withdrawal"));
        ctx.json(Map.of("data", Withdrawal.of(payment)));
    }

    /** {@code GET /v1/withdrawals}: the account's outgoing payments, newest first, at most {@link #LIST_LIMIT}. */
    void list(Context ctx, Caller caller) {
        String accountId = Auth.ownAccount(caller, "Withdrawals");
        ctx.json(Map.of("data", payments.list(accountId, LIST_LIMIT).stream().map(Withdrawal::of).toList()));
    }
}
