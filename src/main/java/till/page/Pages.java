package till.page;

import java.util.Map;
import java.util.Optional;
import till.account.Bpt;
import till.bolt11.Bolt11;
import till.invoice.InvoiceStatus;
import till.invoice.Invoice;

/**
 * Renders the pages from their templates. Only what a payer may see goes in: amounts, the bolt11, the
 * description and the terminal's name; never an account id, a key or a webhook secret. The POS page carries
 * its BPT id, which is already in its URL.
 */
final class Pages {
    private static final Html SIMULATED_BANNER =
            new Html("<div class=\"banner\" role=\"status\">SIMULATED — no real money</div>");
    private static final Html SIMULATE_BUTTON = new Html(
            "<button type=\"button\" class=\"button ghost simulate\" data-action=\"simulate\">Simulate payment</button>");

    private final Template layout = Template.load("layout");
    private final Template invoice = Template.load("invoice");
    private final Template checkout = Template.load("checkout");
    private final Template checkoutActions = Template.load("checkout-actions");
    private final Template pos = Template.load("pos");
    private final Html posActions = Template.load("pos-actions").fill(Map.of());
    private final Template error = Template.load("error");
    private final boolean simulated;

    Pages(boolean simulated) {
        this.simulated = simulated;
    }

    Html checkout(Invoice t, String terminalName, Optional<String> successUrl) {
        Html actions = successUrl.map(url -> checkoutActions.fill(Map.of("successUrl", url))).orElse(Html.EMPTY);
        Html content = checkout.fill(Map.of("terminalName", terminalName, "panel", panel(Panel.of(t), actions)));
        String title = "Pay " + Amounts.sats(t.amountMsat()) + " sats" + (terminalName.isEmpty() ? "" : " — " + terminalName);
        return document("checkout", title, content, "checkout.js");
    }

    /** The POS page; its invoice panel starts empty and is filled by pos.js from the invoice WebSocket. */
    Html pos(Bpt bpt, String expiration) {
        Html content = pos.fill(Map.of("terminalName", bpt.name(), "bptId", bpt.id(), "expiration", expiration,
                "panel", panel(Panel.EMPTY, posActions)));
        return document("pos", bpt.name() + " — Till", content, "pos.js");
    }

    /** What the invoice panel shows, as text; empty strings for a panel that the page's script fills. */
    private record Panel(String status, String hash, String expiresAt, String settledAt, String description,
                         String amountSats, String amountMsat, String bolt11) {
        static final Panel EMPTY = new Panel(InvoiceStatus.unpaid.name(), "", "", "", "", "", "", "");

        static Panel of(Invoice t) {
            // The bolt11's own description: the tag, the terminal's name, or a charge's description.
            String description = Bolt11.decode(t.bolt11()).description();
            return new Panel(t.status().name(), t.invoiceHash(), t.expiresAt().toString(),
                    t.settledAt() == null ? "" : t.settledAt().toString(), description == null ? "" : description,
                    Amounts.sats(t.amountMsat()), Amounts.msatDetail(t.amountMsat()), t.bolt11());
        }
    }

    private Html panel(Panel p, Html actions) {
        return invoice.fill(Map.ofEntries(
                Map.entry("status", p.status()),
                Map.entry("hash", p.hash()),
                Map.entry("expiresAt", p.expiresAt()),
                Map.entry("settledAt", p.settledAt()),
                Map.entry("description", p.description()),
                Map.entry("amountSats", p.amountSats()),
                Map.entry("amountMsat", p.amountMsat()),
                Map.entry("qrSrc", p.hash().isEmpty() ? "" : "/invoice/" + p.hash() + "/qr.svg"),
                Map.entry("bolt11", p.bolt11()),
                Map.entry("lightningUri", p.bolt11().isEmpty() ? "" : "lightning:" + p.bolt11()),
                Map.entry("simulate", simulated ? SIMULATE_BUTTON : Html.EMPTY),
                Map.entry("actions", actions)));
    }

    Html error(String heading, String message) {
        return document("error", heading + " — Till", error.fill(Map.of("heading", heading, "message", message)), null);
    }

    private Html document(String page, String title, Html content, String script) {
        return layout.fill(Map.of(
                "page", page,
                "title", title,
                "simulated", Boolean.toString(simulated),
                "banner", simulated ? SIMULATED_BANNER : Html.EMPTY,
                "script", script == null ? Html.EMPTY
                        : new Html("<script type=\"module\" src=\"/assets/" + script + "\"></script>"),
                "content", content));
    }
}
