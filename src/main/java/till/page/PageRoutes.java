package till.page;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.account.Account;
import till.account.AccountService;
import till.account.Bpt;
import till.error.ErrorCode;
import till.error.Problem;
import till.fiat.Rate;
import till.fiat.Rates;
import till.invoice.Invoices;
import till.invoice.Invoice;
import till.lnurl.LnurlLinks;
import till.onchain.Bip21;

/**
 * The pages people pay on, served from the jar: {@code /checkout/{invoiceHash}} or {@code /checkout/{chargeId}} (and,
 * for a charge payable on-chain, its {@code state} for the page's script and its BIP21 QR codes), {@code /pos/{bptId}},
 * the QR codes and the assets.
 * Pages answer HTML even when something is missing or broken; the QR codes, the state and the assets are API-like and
 * leave errors to the API's JSON mapper.
 */
public final class PageRoutes {
    private static final Logger log = LoggerFactory.getLogger(PageRoutes.class);
    /** No inline script or style, nothing from another origin: the pages also work on an offline counter network. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    /** Short enough that an upgraded Till is picked up within minutes. */
    static final String ASSET_CACHE = "public, max-age=600";
    /** A QR code never changes: it is a picture of an invoice's immutable bolt11. */
    static final String QR_CACHE = "public, max-age=86400, immutable";
    /** A charge's id: a UUID (Till's are version 7), in its usual lower-case form. */
    private static final Pattern CHARGE_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Invoices invoices;
    private final AccountService accounts;
    private final Pages pages;
    private final Assets assets = new Assets();
    private final Function<Invoice, Optional<CheckoutCharge>> charges;
    private final Function<String, Optional<Invoice>> chargeInvoices;
    private final Rates rates;
    private final LnurlLinks links;

    /**
     * {@code charges}: the OpenNode charge an invoice stands for, if it is one (its success URL, its on-chain side);
     * {@code chargeInvoices}: the invoice of the charge with this id, for {@code /checkout/{chargeId}};
     * {@code rates}: what a POS priced in a currency previews its sats with; {@code links}: its LNURL, shown under
     * its keypad.
     */
    public PageRoutes(Invoices invoices, AccountService accounts, boolean simulated,
                      Function<Invoice, Optional<CheckoutCharge>> charges,
                      Function<String, Optional<Invoice>> chargeInvoices, Rates rates, LnurlLinks links) {
        this.invoices = invoices;
        this.accounts = accounts;
        this.pages = new Pages(simulated);
        this.charges = charges;
        this.chargeInvoices = chargeInvoices;
        this.rates = rates;
        this.links = links;
    }

    private record Rendered(int status, Html html) {}

    public void register(RoutesConfig r) {
        r.get("/checkout/{invoiceHash}", page(this::checkout));
        r.get("/checkout/{invoiceHash}/state", this::state);
        r.get("/checkout/{invoiceHash}/qr/unified.svg", ctx -> onchainQr(ctx, (invoice, onchain) -> onchain.unified(invoice.bolt11())));
        r.get("/checkout/{invoiceHash}/qr/onchain.svg", ctx -> onchainQr(ctx, (invoice, onchain) -> onchain.onchain()));
        r.get("/pos/{bptId}", page(this::pos));
        r.get("/pos/{bptId}/rate", this::posRate);
        r.get("/invoice/{invoiceHash}/qr.svg", ctx -> qr(ctx, "image/svg+xml", PageRoutes::svg));
        r.get("/invoice/{invoiceHash}/qr.png", ctx -> qr(ctx, "image/png", QrCodes::png));
        r.get("/lnurlp/{bptId}/qr.svg", ctx -> lnurlQr(ctx, "image/svg+xml", PageRoutes::svg));
        r.get("/lnurlp/{bptId}/qr.png", ctx -> lnurlQr(ctx, "image/png", QrCodes::png));
        r.get("/assets/{name}", this::asset);
    }

    /**
     * The checkout of an invoice, by its hash, or of a charge, by its id (OpenNode's plugins send the payer to
     * {@code <checkout base>/<charge id>}), with OpenNode's options ({@link CheckoutOptions}).
     */
    private Rendered checkout(Context ctx) {
        String id = ctx.pathParam("invoiceHash");
        // A charge id is a UUID, dashes and all; an invoice hash is 64 hex digits: neither can be taken for the other.
        Optional<Invoice> invoice = CHARGE_ID.matcher(id).matches() ? chargeInvoices.apply(id) : invoices.findByHash(id);
        CheckoutOptions options = CheckoutOptions.of(ctx.queryParam("ln"), ctx.queryParam("hf"));
        return invoice.map(t -> new Rendered(200, pages.checkout(options.shown(t), merchantName(t),
                        charges.apply(t).orElse(CheckoutCharge.NONE), refundError(ctx.queryParam("refund_error")),
                        options.lightningFirst())))
                .orElseGet(() -> notFound("Invoice not found",
                        "There is no invoice at this address. Check the link, or ask the shop for a new invoice."));
    }

    /** The catalogue's sentence for the code the refund form's POST sent the payer back with; empty for no code. */
    private static String refundError(String code) {
        return code == null ? "" : Arrays.stream(ErrorCode.values()).filter(e -> e.code().equals(code)).findFirst()
                .map(ErrorCode::text).orElse("");
    }

    /** What the checkout's script needs beyond the status socket: what is missing, the refund's txid. Public. */
    private void state(Context ctx) {
        Invoice t = invoices.findByHash(ctx.pathParam("invoiceHash")).orElseThrow(() -> Problem.of(ErrorCode.NOT_FOUND));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", t.status().name());
        charges.apply(t).flatMap(CheckoutCharge::onchain).ifPresent(onchain -> {
            state.put("missingSat", onchain.missingSat());
            state.put("refundTxid", onchain.refundTxid());
        });
        ctx.header("Cache-Control", "no-store");
        ctx.json(state);
    }

    /** A QR of the charge's BIP21 URI; not cached: the on-chain amount follows what is still missing. */
    private void onchainQr(Context ctx, BiFunction<Invoice, CheckoutCharge.Onchain, Bip21> uri) {
        Invoice t = invoices.findByHash(ctx.pathParam("invoiceHash")).orElseThrow(() -> Problem.of(ErrorCode.NOT_FOUND));
        CheckoutCharge.Onchain onchain = charges.apply(t).flatMap(CheckoutCharge::onchain)
                .orElseThrow(() -> Problem.of(ErrorCode.NOT_FOUND, "This invoice has no on-chain address"));
        send(ctx, "image/svg+xml", "no-store", QrCodes.svg(QrCodes.content(uri.apply(t, onchain))).getBytes(StandardCharsets.UTF_8));
    }

    /** The terminal's name, or for an API charge (made without a terminal) the account's. */
    private String merchantName(Invoice t) {
        Optional<String> terminal = t.bptId() == null ? Optional.empty() : accounts.findBpt(t.bptId()).map(Bpt::name);
        return terminal.or(() -> accounts.findAccount(t.accountId()).map(Account::name)).orElse("");
    }

    private Rendered pos(Context ctx) {
        // An optional shorter invoice lifetime for this terminal (the server clamps it to 30..900 s).
        String expiration = ctx.queryParam("expiration");
        String checked = expiration != null && expiration.matches("\\d{1,4}") ? expiration : "";
        return accounts.findBpt(ctx.pathParam("bptId"))
                .map(bpt -> new Rendered(200, pages.pos(bpt, checked, links)))
                .orElseGet(() -> notFound("Terminal not found",
                        "This point-of-sale link is not valid. Check that the address was copied completely, "
                                + "or ask the shop owner for the terminal's link."));
    }

    /**
     * The current rate of a terminal's currency, which its POS shows the sats of a typed amount with before the
     * invoice is made. Public like the page (the terminal id is the credential); an in-memory read, no call out.
     */
    private void posRate(Context ctx) {
        Bpt bpt = accounts.findBpt(ctx.pathParam("bptId")).orElseThrow(() -> Problem.of(ErrorCode.BPT_NOT_FOUND));
        if (bpt.currency() == null) {
            throw Problem.of(ErrorCode.NOT_FOUND, "This terminal types amounts in satoshis: it has no currency");
        }
        Rate rate = rates.rate(bpt.currency());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("currency", rate.currency());
        body.put("rate", rate.btcPrice().stripTrailingZeros().toPlainString());
        body.put("rateSource", rate.source());
        body.put("rateAtUtc", rate.at());
        ctx.header("Cache-Control", "no-store");
        ctx.json(body);
    }

    private Rendered notFound(String heading, String message) {
        return new Rendered(404, pages.error(heading, message));
    }

    /** Security headers on every page, and a friendly HTML page instead of a stack trace or JSON. */
    private Handler page(Function<Context, Rendered> render) {
        return ctx -> {
            Rendered rendered;
            try {
                rendered = render.apply(ctx);
            } catch (RuntimeException e) {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                rendered = new Rendered(500, pages.error("Something went wrong",
                        "Till could not show this page just now. Please try again in a moment."));
            }
            pageHeaders(ctx);
            // With its charset: without one, a browser may guess another encoding for the names and tags shown.
            ctx.status(rendered.status()).contentType("text/html; charset=utf-8").result(rendered.html().markup());
        };
    }

    /** What every HTML page is sent with: the strict CSP, no sniffing, no referrer, never cached. */
    public static void pageHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    private void qr(Context ctx, String contentType, Function<String, byte[]> draw) {
        Invoice t = invoices.findByHash(ctx.pathParam("invoiceHash"))
                .orElseThrow(() -> Problem.of(ErrorCode.NOT_FOUND));
        send(ctx, contentType, QR_CACHE, draw.apply(QrCodes.content(t.bolt11())));
    }

    /**
     * The terminal's static QR code for the counter: {@code LIGHTNING:LNURL1…}, any amount. Revalidated at each use:
     * the LNURL holds {@code TILL_PUBLIC_URL}, which a restart may change.
     */
    private void lnurlQr(Context ctx, String contentType, Function<String, byte[]> draw) {
        Bpt bpt = accounts.findBpt(ctx.pathParam("bptId")).orElseThrow(() -> Problem.of(ErrorCode.BPT_NOT_FOUND));
        send(ctx, contentType, "no-cache", draw.apply(QrCodes.content(links.lnurl(bpt.id()))));
    }

    private static byte[] svg(String text) {
        return QrCodes.svg(text).getBytes(StandardCharsets.UTF_8);
    }

    private void asset(Context ctx) {
        Assets.Asset asset = assets.find(ctx.pathParam("name"))
                .orElseThrow(() -> Problem.of(ErrorCode.NOT_FOUND, "No such asset: " + ctx.pathParam("name")));
        send(ctx, asset.contentType(), ASSET_CACHE, asset.bytes());
    }

    private static void send(Context ctx, String contentType, String cacheControl, byte[] body) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("Cache-Control", cacheControl);
        ctx.contentType(contentType).result(body);
    }
}
