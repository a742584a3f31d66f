package till.dashboard.shop;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import till.account.AccountService;
import till.account.Bpt;
import till.account.BptChange;
import till.dashboard.DashboardPages;
import till.dashboard.DashboardRouter;
import till.dashboard.DashboardSection;
import till.dashboard.DashboardSession;
import till.error.ErrorCode;
import till.error.Problem;
import till.fiat.Rates;
import till.lnurl.LnurlLinks;
import till.page.Html;
import till.page.QrCodes;
import till.page.Template;
import till.web.ShopForms;

/**
 * The shop's terminals: listed, made, renamed, their split, currency and Lightning address set (read and checked as
 * the API reads them, through {@link ShopForms}), each with its POS and two printable QR codes for the counter: its
 * POS link, and its LNURL-pay code (the customer types the amount in the wallet).
 */
public final class TerminalsSection implements DashboardSection {
    static final String PATH = "/dashboard/terminals";
    private static final String TITLE = "Terminals";

    private final DashboardPages pages;
    private final AccountService accounts;
    private final ShopForms forms;
    private final Rates rates;
    private final Supplier<String> publicUrl;
    private final LnurlLinks links;
    private final Template list = Template.load("dashboard/terminals");
    private final Template row = Template.load("dashboard/terminal-row");
    private final Template edit = Template.load("dashboard/terminal-edit");
    private final Template print = Template.load("dashboard/terminal-print");
    private final Template printLnurl = Template.load("dashboard/terminal-print-lnurl");
    private final Template fields = Template.load("dashboard/terminal-fields");
    private final Template currencyOption = Template.load("dashboard/option");

    public TerminalsSection(DashboardPages pages, AccountService accounts, ShopForms forms, Rates rates,
                            Supplier<String> publicUrl) {
        this.pages = pages;
        this.accounts = accounts;
        this.forms = forms;
        this.rates = rates;
        this.publicUrl = publicUrl;
        this.links = new LnurlLinks(publicUrl);
    }

    @Override
    public void register(DashboardRouter router) {
        router.shopGet(PATH, this::list)
                .shopPost(PATH, this::create)
                .shopGet(PATH + "/{bptId}", this::edit)
                .shopPost(PATH + "/{bptId}", this::save)
                .shopGet(PATH + "/{bptId}/print", this::print)
                .shopGet(PATH + "/{bptId}/print-lnurl", this::printLnurl);
    }

    /** What a settings form shows: the values typed (kept when refused) and why they were refused, if they were. */
    private record Typed(String name, String split, String currency, String lightningAddress, String error) {
        static final Typed NEW = new Typed("", "100", "", "", "");

        static Typed of(Bpt bpt) {
            return new Typed(bpt.name(), Integer.toString(bpt.splitBitcoinPercentage()),
                    bpt.currency() == null ? "" : bpt.currency(),
                    bpt.lightningName() == null ? "" : bpt.lightningName(), "");
        }

        static Typed refused(Context ctx, Problem problem) {
            return new Typed(value(ctx, "name"), value(ctx, "splitBitcoinPercentage"), value(ctx, "currency"),
                    value(ctx, "lightningAddress"), problem.getMessage());
        }

        private static String value(Context ctx, String field) {
            String value = ctx.formParam(field);
            return value == null ? "" : value;
        }
    }

    private void list(Context ctx, DashboardSession session) {
        String notice = notice(session, ctx.queryParam("made"), "is ready: open its POS, or print its QR code for the counter.")
                .or(() -> notice(session, ctx.queryParam("saved"), "is saved."))
                .orElse("");
        show(ctx, session, 200, notice, Typed.NEW);
    }

    private void create(Context ctx, DashboardSession session) {
        try {
            Bpt bpt = accounts.createBpt(session.accountId(), forms.terminal(ctx::formParam));
            ctx.redirect(PATH + "?made=" + bpt.id(), HttpStatus.SEE_OTHER);
        } catch (Problem refused) {
            show(ctx, session, refused.status(), "", Typed.refused(ctx, refused));
        }
    }

    private void edit(Context ctx, DashboardSession session) {
        Bpt bpt = own(ctx, session);
        showEdit(ctx, session, 200, bpt, Typed.of(bpt));
    }

    private void save(Context ctx, DashboardSession session) {
        Bpt bpt = own(ctx, session);
        try {
            BptChange change = forms.terminal(ctx::formParam);
            accounts.updateBpt(session.accountId(), bpt.id(), change).orElseThrow(TerminalsSection::notFound);
            ctx.redirect(PATH + "?saved=" + bpt.id(), HttpStatus.SEE_OTHER);
        } catch (Problem refused) {
            showEdit(ctx, session, refused.status(), bpt, Typed.refused(ctx, refused));
        }
    }

    /** The POS link as a large QR code with the terminal's name, laid out to be printed (see dashboard.css). */
    private void print(Context ctx, DashboardSession session) {
        Bpt bpt = own(ctx, session);
        String posUrl = posUrl(bpt);
        Html content = print.fill(Map.of("name", bpt.name(), "posUrl", posUrl, "qr", new Html(QrCodes.svg(posUrl)),
                "unit", bpt.currency() == null ? "sats" : bpt.currency(), "bptId", bpt.id(),
                "warning", warning(posUrl)));
        ShopPage.send(ctx, 200, pages.page(session, TITLE, content, null));
    }

    /**
     * The terminal's LNURL-pay code ({@code lightning:LNURL1…}) as a large QR code, laid out to be printed like the
     * POS link's: any wallet that scans it asks the customer for the amount. With its Lightning address, if it has one.
     */
    private void printLnurl(Context ctx, DashboardSession session) {
        Bpt bpt = own(ctx, session);
        String lnurl = links.lnurl(bpt.id());
        String address = links.address(bpt);
        Html content = printLnurl.fill(Map.of("name", bpt.name(), "bptId", bpt.id(), "lnurl", lnurl,
                "qr", new Html(QrCodes.svg(QrCodes.content(lnurl))),
                "address", address == null ? "" : "or send to " + address,
                "warning", warning(links.payUrl(bpt.id()))));
        ShopPage.send(ctx, 200, pages.page(session, TITLE, content, null));
    }

    /** Why not to print yet: a code of a link to this computer itself; empty when the link is one phones reach. */
    private static String warning(String url) {
        return onlyHere(url) ? "This link opens on this computer only: a phone that scans it reaches "
                + "nothing. Set TILL_PUBLIC_URL to the address phones reach Till at, then print." : "";
    }

    private void show(Context ctx, DashboardSession session, int status, String notice, Typed typed) {
        List<Bpt> bpts = accounts.listBpts(session.accountId());
        Html rows = new Html(bpts.stream().map(bpt -> row.fill(Map.of(
                "bptId", bpt.id(),
                "name", bpt.name(),
                "split", Integer.toString(bpt.splitBitcoinPercentage()),
                "currency", bpt.currency() == null ? "sats" : bpt.currency())).markup()).collect(Collectors.joining()));
        Html content = list.fill(Map.of(
                "notice", notice,
                "rows", rows,
                "empty", bpts.isEmpty() ? "No terminal yet: make the first one below." : "",
                "form", form(session, typed)));
        ShopPage.send(ctx, status, pages.page(session, TITLE, content, null));
    }

    private void showEdit(Context ctx, DashboardSession session, int status, Bpt bpt, Typed typed) {
        Html content = edit.fill(Map.of("bptId", bpt.id(), "name", bpt.name(), "posUrl", posUrl(bpt),
                "form", form(session, typed)));
        ShopPage.send(ctx, status, pages.page(session, TITLE, content, null));
    }

    /** The settings' fields, as the create and the edit forms share them. */
    private Html form(DashboardSession session, Typed typed) {
        return fields.fill(Map.of(
                "csrf", DashboardPages.csrfInput(session),
                "error", typed.error(),
                "name", typed.name(),
                "split", typed.split(),
                "currency", typed.currency(),
                "lightningAddress", typed.lightningAddress(),
                "host", URI.create(publicUrl.get()).getRawAuthority(),
                "currencies", new Html(rates.currencies().stream()
                        .map(code -> currencyOption.fill(Map.of("value", code)).markup())
                        .collect(Collectors.joining()))));
    }

    /** The path's terminal if it is the session's account's: another account's terminal looks missing. */
    private Bpt own(Context ctx, DashboardSession session) {
        return accounts.findBpt(ctx.pathParam("bptId"))
                .filter(bpt -> bpt.accountId().equals(session.accountId()))
                .orElseThrow(TerminalsSection::notFound);
    }

    /** "Terminal “Bar” is saved.": only for a terminal of the session's account, so a link shows no one else's. */
    private Optional<String> notice(DashboardSession session, String bptId, String what) {
        return Optional.ofNullable(bptId).flatMap(accounts::findBpt)
                .filter(bpt -> bpt.accountId().equals(session.accountId()))
                .map(bpt -> "Terminal “" + bpt.name() + "” " + what);
    }

    /** A link to this computer itself (Till's own address when TILL_PUBLIC_URL is unset): no phone can open it. */
    private static boolean onlyHere(String url) {
        String host = URI.create(url).getHost();
        return host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private String posUrl(Bpt bpt) {
        return publicUrl.get() + "/pos/" + bpt.id();
    }

    private static Problem notFound() {
        return Problem.of(ErrorCode.BPT_NOT_FOUND);
    }
}
