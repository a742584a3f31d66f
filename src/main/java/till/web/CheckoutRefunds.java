package till.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import till.account.Caller;
import till.charge.ChargeService;
import till.charge.ChargeView;
import till.error.ErrorCode;
import till.error.Problem;
import till.invoice.Invoices;
import till.node.NodeRpcException;
import till.node.NodeUnreachableException;
import till.page.FormOrigin;
import till.refund.RefundService;
import till.refund.RefundToken;

/**
 * The checkout page's refund form: {@code POST /checkout/{invoiceHash}/refund} (form fields {@code address},
 * {@code token}) does what {@code POST /v1/refunds} does for that page's charge. Public like the page, rate-limited per
 * address and charge; only a form of Till's own page may post it: the token ({@link RefundToken}) and what the browser
 * says of the form's origin. Answers a redirect to the page (303): it shows the refund, or the refusal
 * ({@code ?refund_error=<code>}); no script needed.
 */
final class CheckoutRefunds {
    private final Invoices invoices;
    private final ChargeService charges;
    private final RefundService refunds;
    private final CreationLimits limits;

    CheckoutRefunds(Invoices invoices, ChargeService charges, RefundService refunds, CreationLimits limits) {
        this.invoices = invoices;
        this.charges = charges;
        this.refunds = refunds;
        this.limits = limits;
    }

    void refund(Context ctx, Caller none) {
        String hash = ctx.pathParam("invoiceHash");
        ChargeView charge = invoices.findByHash(hash).filter(t -> t.bptId() == null).flatMap(t -> charges.findByInvoice(t.id()))
                .orElseThrow(() -> Problem.of(ErrorCode.NOT_FOUND, "No such charge"));
        if (!FormOrigin.sameOrigin(ctx) || !RefundToken.matches(charge.charge(), ctx.formParam("token"))) {
            throw Problem.of(ErrorCode.FORBIDDEN, "Refunds are asked for on the charge's checkout page");
        }
        String page = "/checkout/" + hash;
        try {
            limits.refund(ctx.ip(), charge.charge().id());
            String address = ctx.formParam("address");
            if (address == null || address.isBlank()) {
                throw Problem.at(ErrorCode.MISSING_FIELD, "address", "address is required");
            }
            refunds.refund(charge, refunds.checkAddress(TextChecks.check("address", address.strip(), 100)), null);
            ctx.redirect(page, HttpStatus.SEE_OTHER);
        } catch (Problem e) {
            back(ctx, page, e.code());
        } catch (RateLimited e) {
            back(ctx, page, ErrorCode.RATE_LIMITED.code());
        } catch (NodeUnreachableException e) {
            back(ctx, page, ErrorCode.NODE_UNREACHABLE.code());
        } catch (NodeRpcException e) {
            back(ctx, page, ErrorCode.NODE_ERROR.code());
        }
    }

    private static void back(Context ctx, String page, String code) {
        ctx.redirect(page + "?refund_error=" + URLEncoder.encode(code, StandardCharsets.UTF_8) + "#refund",
                HttpStatus.SEE_OTHER);
    }
}
