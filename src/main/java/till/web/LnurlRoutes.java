package till.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.account.Bpt;
import till.error.Problem;
import till.lnurl.LnurlLinks;
import till.lnurl.LnurlPay;
import till.lnurl.LnurlRefusal;
import till.node.NodeException;

/**
 * LNURL-pay's routes, public like a terminal's POS (its id, or its published Lightning address, is the credential):
 * {@code /lnurlp/{bptId}} and LUD-16's {@code /.well-known/lnurlp/{name}}, each with its callback. Every refusal is
 * LUD-06's {@code {"status": "ERROR", "reason"}}, which wallets show, not Till's error JSON; the callback is
 * rate-limited like {@code POST /invoice/add}, after its checks, so bad input spends no budget and writes nothing.
 */
final class LnurlRoutes {
    private static final Logger log = LoggerFactory.getLogger(LnurlRoutes.class);

    private final LnurlPay pay;
    private final LnurlLinks links;
    private final CreationLimits limits;

    LnurlRoutes(LnurlPay pay, LnurlLinks links, CreationLimits limits) {
        this.pay = pay;
        this.links = links;
        this.limits = limits;
    }

    void register(RoutesConfig r) {
        r.get("/lnurlp/{bptId}", lud06(ctx -> {
            Bpt bpt = pay.terminal(ctx.pathParam("bptId"));
            ctx.json(pay.payRequest(bpt, links.payUrl(bpt.id()) + "/callback"));
        }));
        r.get("/lnurlp/{bptId}/callback", lud06(ctx -> invoice(ctx, pay.terminal(ctx.pathParam("bptId")))));
        // The address's callback stays under its own name: it must not hand out the terminal's id, a wider credential.
        r.get("/.well-known/lnurlp/{name}", lud06(ctx -> {
            Bpt bpt = pay.addressed(ctx.pathParam("name"));
            ctx.json(pay.payRequest(bpt, links.addressUrl(bpt.lightningName()) + "/callback"));
        }));
        r.get("/.well-known/lnurlp/{name}/callback", lud06(ctx -> invoice(ctx, pay.addressed(ctx.pathParam("name")))));
    }

    private void invoice(Context ctx, Bpt bpt) {
        LnurlPay.Checked payment = pay.check(ctx.queryParam("amount"), ctx.queryParam("comment"));
        limits.terminal(ctx.ip(), bpt.id());
        ctx.json(pay.issue(bpt, payment));
    }

    /** Runs a handler, answering its refusals, the rate limit's and the node's as LUD-06 errors; never cached. */
    private static Handler lud06(Handler handler) {
        return ctx -> {
            ctx.header("Cache-Control", "no-store");
            // Wallets in a browser (web wallets) read these across origins, as LUD-01 expects.
            ctx.header("Access-Control-Allow-Origin", "*");
            try {
                handler.handle(ctx);
            } catch (LnurlRefusal refusal) {
                error(ctx, refusal.httpStatus(), refusal.reason());
            } catch (RateLimited limited) {
                ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
                error(ctx, 429, limited.getMessage() + "; try again in " + limited.retryAfterSeconds() + " s");
            } catch (Problem problem) {
                // Till's own refusals on the way (a terminal's webhook host no longer allowed), in LUD-06's words.
                error(ctx, problem.status(), problem.getMessage());
            } catch (NodeException e) {
                log.warn("{} {}: the node made no invoice: {}", ctx.method(), ctx.path(), e.getMessage());
                error(ctx, 503, "The shop's Lightning node cannot make an invoice just now; try again in a moment");
            }
        };
    }

    private static void error(Context ctx, int status, String reason) {
        ctx.status(status).json(Map.of("status", "ERROR", "reason", reason));
    }
}
