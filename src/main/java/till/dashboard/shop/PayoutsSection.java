package till.dashboard.shop;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import till.account.AccountService;
import till.dashboard.DashboardPages;
import till.dashboard.DashboardRouter;
import till.dashboard.DashboardSection;
import till.dashboard.DashboardSession;
import till.error.ErrorCode;
import till.error.Problem;
import till.page.Amounts;
import till.page.Html;
import till.page.Template;
import till.payment.DecodedBolt11;
import till.payment.IdempotencyKeys;
import till.payment.OutgoingPayment;
import till.payment.OutgoingPayments;
import till.payment.PayRequest;
import till.payment.PaymentQuote;
import till.web.ShopForms;

/**
 * Paying a bolt11 from the shop's balance: pasted, then reviewed (amount, payee, expiry, the fee cap, the balance),
 * then paid once per review page through {@link Payouts}; below, the account's outgoing payments. Any shop session
 * may pay: only a full key signs in to the dashboard.
 */
public final class PayoutsSection implements DashboardSection {
    static final String PATH = "/dashboard/payouts";
    private static final String TITLE = "Pay out";

    private final DashboardPages pages;
    private final AccountService accounts;
    private final Payouts payouts;
    private final ShopForms forms;
    private final Template start = Template.load("dashboard/payouts");
    private final Template review = Template.load("dashboard/payout-review");
    private final Template payButton = Template.load("dashboard/payout-pay");
    private final Template row = Template.load("dashboard/payout-row");
    private final Template outcome = Template.load("dashboard/payout-outcome");

    public PayoutsSection(DashboardPages pages, AccountService accounts, OutgoingPayments payments,
                          IdempotencyKeys idempotencyKeys, ShopForms forms) {
        this.pages = pages;
        this.accounts = accounts;
        this.payouts = new Payouts(payments, idempotencyKeys);
        this.forms = forms;
    }

    @Override
    public void register(DashboardRouter router) {
        router.shopGet(PATH, this::list)
                .shopGet(PATH + "/review", this::review)
                .shopPost(PATH, this::pay);
    }

    private void list(Context ctx, DashboardSession session) {
        String paymentId = ctx.queryParam("payment");
        Html shown = paymentId == null ? Html.EMPTY : payouts.find(session.accountId(), paymentId)
                .map(this::outcome).orElse(Html.EMPTY);
        showStart(ctx, session, 200, shown, "", "", "");
    }

    /** A GET: reviewing changes nothing, so a reload or the back button is harmless. */
    private void review(Context ctx, DashboardSession session) {
        PayRequest request;
        PaymentQuote quote;
        try {
            request = forms.payout(session.accountId(), ctx::queryParam);
            quote = payouts.quote(request);
        } catch (Problem refused) {
            showStart(ctx, session, refused.status(), Html.EMPTY, refused.getMessage(), text(ctx.queryParam("bolt11")),
                    text(ctx.queryParam("amountSat")));
            return;
        }
        showReview(ctx, session, 200, request, quote, "", Payouts.newFormKey());
    }

    /** Pays once per form key; the answer is a redirect to the payment, so a reload cannot send the form again. */
    private void pay(Context ctx, DashboardSession session) {
        PayRequest request;
        PaymentQuote quote;
        try {
            request = forms.payout(session.accountId(), ctx::formParam);
            quote = payouts.quote(request);
        } catch (Problem refused) {
            showStart(ctx, session, refused.status(), Html.EMPTY, refused.getMessage(), text(ctx.formParam("bolt11")),
                    text(ctx.formParam("amountSat")));
            return;
        }
        String formKey = ctx.formParam("formKey");
        if (formKey == null || formKey.isBlank()) {
            showReview(ctx, session, 400, request, quote, "This form has no key: review the bolt11 again.", Payouts.newFormKey());
            return;
        }
        try {
            OutgoingPayment payment = payouts.payOnce(formKey, request);
            ctx.redirect(PATH + "?payment=" + payment.id(), HttpStatus.SEE_OTHER);
        } catch (Problem refused) {
            if (refused.error() == ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS) {
                // The same form, sent twice at once: the first sending is paying; its payment shows in the list.
                ctx.redirect(PATH, HttpStatus.SEE_OTHER);
                return;
            }
            // Refused, nothing paid: the key is free again, so the same form may be sent once the cause is fixed.
            showReview(ctx, session, refused.status(), request, quote, refused.getMessage(), formKey);
        }
    }

    private void showStart(Context ctx, DashboardSession session, int status, Html shown, String error, String bolt11,
                           String amountSat) {
        List<OutgoingPayment> payments = payouts.list(session.accountId());
        Html content = start.fill(Map.of(
                "outcome", shown,
                "error", error,
                "bolt11", bolt11,
                "amountSat", amountSat,
                "balance", Amounts.sats(balance(session)),
                "rows", rows(payments),
                "empty", payments.isEmpty() ? "No payment yet." : ""));
        ShopPage.send(ctx, status, pages.page(session, TITLE, content, null));
    }

    private void showReview(Context ctx, DashboardSession session, int status, PayRequest request, PaymentQuote quote,
                            String error, String formKey) {
        DecodedBolt11 bolt11 = quote.bolt11();
        long balance = balance(session);
        boolean covered = quote.reservedMsat() <= balance;
        Html content = review.fill(Map.of(
                "error", error,
                "amount", Amounts.sats(quote.amountMsat()),
                "description", bolt11.description() == null ? "" : bolt11.description(),
                "payee", bolt11.payee(),
                "expires", ShopPage.time(bolt11.expiresAtUtc()),
                "feeCap", quote.internal() ? "none: a bolt11 of this Till, paid between accounts without the node"
                        : "at most " + Amounts.sats(quote.maxFeeMsat()) + " sats in routing fees",
                "total", Amounts.sats(quote.reservedMsat()),
                "balance", Amounts.sats(balance),
                "cover", covered ? "" : "The balance does not cover the amount plus the fee cap: it cannot be paid now.",
                "pay", covered ? payButton.fill(Map.of(
                        "csrf", DashboardPages.csrfInput(session),
                        "bolt11", request.bolt11(),
                        "amountSat", request.amountMsat() == null ? "" : Long.toString(request.amountMsat() / 1000),
                        "formKey", formKey,
                        "amount", Amounts.sats(quote.amountMsat()))) : Html.EMPTY));
        ShopPage.send(ctx, status, pages.page(session, TITLE, content, null));
    }

    private Html outcome(OutgoingPayment payment) {
        String title = switch (payment.status()) {
            case succeeded -> "Paid " + Amounts.sats(payment.amountMsat()) + " sats";
            case in_flight -> "Sending " + Amounts.sats(payment.amountMsat()) + " sats";
            case failed -> "Not paid";
        };
        String detail = switch (payment.status()) {
            case succeeded -> "Routing fee: " + Amounts.sats(payment.feeMsat() == null ? 0 : payment.feeMsat()) + " sats.";
            case in_flight -> "The node is still looking for a route; the list below shows how it ends. The amount and "
                    + "the fee cap are reserved meanwhile.";
            case failed -> "Nothing was taken from the balance. " + (payment.failureReason() == null ? ""
                    : "Why: " + payment.failureReason() + ".");
        };
        return outcome.fill(Map.of("status", payment.status().name(), "title", title, "detail", detail));
    }

    private Html rows(List<OutgoingPayment> payments) {
        return new Html(payments.stream().map(p -> row.fill(Map.of(
                "status", p.status().name(),
                "statusText", statusText(p),
                "time", ShopPage.time(p.createdAt()),
                "timeIso", p.createdAt().toString(),
                "amount", Amounts.sats(p.amountMsat()),
                "fee", p.feeMsat() == null ? "" : Amounts.sats(p.feeMsat()),
                "paymentHash", p.paymentHash())).markup()).collect(Collectors.joining()));
    }

    private static String statusText(OutgoingPayment p) {
        return switch (p.status()) {
            case succeeded -> "paid";
            case in_flight -> "in flight";
            case failed -> "failed";
        };
    }

    private long balance(DashboardSession session) {
        return accounts.findAccount(session.accountId()).orElseThrow().balanceMsat();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
