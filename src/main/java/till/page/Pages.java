package till.page;

import java.util.Map;
import java.util.Optional;
import till.account.Bpt;
import till.bolt11.Bolt11;
import till.fiat.Currencies;
import till.invoice.InvoiceStatus;
import till.invoice.Invoice;
import till.lnurl.LnurlLinks;
import till.onchain.Bip21;

/**
 * Renders the pages from their templates. Only what a payer may see goes in: amounts, the bolt11, the
 * description and the terminal's name; never an account id, a key or a webhook secret. The POS page carries
 * its BPT id, which is already in its URL.
 */
final class Pages {
    private static final Html SIMULATE_BUTTON = new Html(
            "<button type=\"button\" class=\"button ghost simulate\" data-action=\"simulate\">Simulate payment</button>");

    private final Template layout = Template.load("layout");
    private final Template invoice = Template.load("invoice");
    private final Template lightningWay = Template.load("lightning-way");
    private final Template onchainWays = Template.load("onchain-ways");
    private final Template onchainStates = Template.load("onchain-states");
    private final Template onchainSimulate = Template.load("onchain-simulate");
    private final Template refundForm = Template.load("refund-form");
    private final Html countdown = Template.load("countdown").fill(Map.of());
    private final Template checkout = Template.load("checkout");
    private final Template checkoutActions = Template.load("checkout-actions");
    private final Template pos = Template.load("pos");
    private final Html posActions = Template.load("pos-actions").fill(Map.of());
    private final Template posLnurl = Template.load("pos-lnurl");
    private final Template error = Template.load("error");
    private final Html simulatedBanner = Template.load("simulated-banner").fill(Map.of());
    private final boolean simulated;

    Pages(boolean simulated) {
        this.simulated = simulated;
    }

    /**
     * {@code refundError}: the sentence to show in the refund form (its last attempt failed), or empty;
     * {@code lightningFirst}: a charge payable on-chain too opens on its Lightning view (OpenNode's {@code ?ln=1}).
     */
    Html checkout(Invoice t, String terminalName, CheckoutCharge charge, String refundError, boolean lightningFirst) {
        Html actions = charge.successUrl().map(url -> checkoutActions.fill(Map.of("successUrl", url))).orElse(Html.EMPTY);
        Panel panel = Panel.of(t);
        Html content = checkout.fill(Map.of(
                "terminalName", terminalName,
                "kind", charge.onchain().isPresent() ? "Bitcoin payment" : "Lightning payment",
                "footnote", charge.onchain().isPresent() ? "Scan with any Bitcoin or Lightning wallet" : "Scan with any Lightning wallet",
                "panel", charge.onchain().map(onchain -> onchainPanel(panel, onchain, refundError, actions, lightningFirst))
                        .orElseGet(() -> panel(panel, lightningWay(panel), simulated ? SIMULATE_BUTTON : Html.EMPTY,
                                Html.EMPTY, Html.EMPTY, actions))));
        String title = "Pay " + (t.price() == null ? "" : t.price().amountText() + " " + t.price().currency() + ", ")
                + Amounts.sats(t.amountMsat()) + " sats" + (terminalName.isEmpty() ? "" : " — " + terminalName);
        return document("checkout", title, content, "checkout.js");
    }

    /**
     * The POS page; its invoice panel starts empty and is filled by pos.js from the invoice WebSocket. A terminal with
     * a currency types amounts in it: a decimal point key where the currency has minor units, instead of "00".
     */
    Html pos(Bpt bpt, String expiration, LnurlLinks links) {
        int minorUnits = bpt.currency() == null ? 0 : Currencies.minorUnits(bpt.currency());
        String extraKey = minorUnits > 0 ? "." : "00";
        Html content = pos.fill(Map.of("terminalName", bpt.name(), "bptId", bpt.id(), "expiration", expiration,
                "currency", bpt.currency() == null ? "" : bpt.currency(),
                "minorUnits", Integer.toString(minorUnits),
                "unit", bpt.currency() == null ? "sats" : bpt.currency(),
                "extraKey", extraKey,
                "extraKeyLabel", extraKey.equals(".") ? "Decimal point" : "Two zeros",
                "lnurl", posLnurl.fill(Map.of("bptId", bpt.id(),
                        "address", links.address(bpt) == null ? "" : "Lightning address: " + links.address(bpt))),
                "panel", panel(Panel.EMPTY, lightningWay(Panel.EMPTY), simulated ? SIMULATE_BUTTON : Html.EMPTY,
                        Html.EMPTY, Html.EMPTY, posActions)));
        return document("pos", bpt.name() + " — Till", content, "pos.js");
    }

    /** What the invoice panel shows, as text; empty strings for a panel that the page's script fills. */
    private record Panel(String status, String hash, String expiresAt, String settledAt, String description,
                         String amountSats, String amountMsat, String fiat, String bolt11) {
        static final Panel EMPTY = new Panel(InvoiceStatus.unpaid.name(), "", "", "", "", "", "", "", "");

        static Panel of(Invoice t) {
            // The bolt11's own description: the tag, the terminal's name, or a charge's description.
            String description = Bolt11.decode(t.bolt11()).description();
            return new Panel(t.status().name(), t.invoiceHash(), t.expiresAt().toString(),
                    t.settledAt() == null ? "" : t.settledAt().toString(), description == null ? "" : description,
                    Amounts.sats(t.amountMsat()), Amounts.msatDetail(t.amountMsat()),
                    t.price() == null ? "" : Amounts.fiat(t.price(), t.amountMsat()), t.bolt11());
        }

        String qrSrc() {
            return hash.isEmpty() ? "" : "/invoice/" + hash + "/qr.svg";
        }

        String lightningUri() {
            return bolt11.isEmpty() ? "" : "lightning:" + bolt11;
        }
    }

    private Html lightningWay(Panel p) {
        return lightningWay.fill(Map.of("qrSrc", p.qrSrc(), "lightningUri", p.lightningUri(), "bolt11", p.bolt11(),
                "countdown", countdown));
    }

    /**
     * A charge payable on both rails: one unified QR, the Lightning and on-chain views, the states only on-chain
     * payments reach (processing, underpaid, refunded) and, while underpaid, the refund form.
     */
    private Html onchainPanel(Panel p, CheckoutCharge.Onchain onchain, String refundError, Html actions,
                              boolean lightningFirst) {
        // Underpaid: what is left to send, to the same address; otherwise the whole amount.
        long sats = onchain.due();
        String checkout = "/checkout/" + p.hash();
        Html ways = onchainWays.fill(Map.ofEntries(
                Map.entry("way", lightningFirst ? "lightning" : "unified"),
                Map.entry("unifiedUri", onchain.unified(p.bolt11()).uri()),
                Map.entry("unifiedQr", checkout + "/qr/unified.svg"),
                Map.entry("qrSrc", p.qrSrc()),
                Map.entry("lightningUri", p.lightningUri()),
                Map.entry("bolt11", p.bolt11()),
                Map.entry("onchainUri", onchain.onchain().uri()),
                Map.entry("onchainQr", checkout + "/qr/onchain.svg?sats=" + sats),
                Map.entry("address", onchain.address()),
                Map.entry("btc", Bip21.btc(sats)),
                Map.entry("countdown", countdown)));
        Html states = onchainStates.fill(Map.of("missingSats", Amounts.sats(onchain.missingSat() * 1000),
                "refundTxid", onchain.refundTxid() == null ? "" : onchain.refundTxid()));
        Html refund = refundForm.fill(Map.of("hash", p.hash(), "refundError", refundError, "token", onchain.refundToken()));
        Html simulate = simulated ? onchainSimulate.fill(Map.of("address", onchain.address(),
                "amountSat", Long.toString(onchain.amountSat()))) : Html.EMPTY;
        return panel(p, ways, simulate, states, refund, actions);
    }

    private Html panel(Panel p, Html ways, Html simulate, Html onchainStates, Html refund, Html actions) {
        return invoice.fill(Map.ofEntries(
                Map.entry("status", p.status()),
                Map.entry("hash", p.hash()),
                Map.entry("expiresAt", p.expiresAt()),
                Map.entry("settledAt", p.settledAt()),
                Map.entry("description", p.description()),
                Map.entry("amountSats", p.amountSats()),
                Map.entry("amountMsat", p.amountMsat()),
                Map.entry("fiat", p.fiat()),
                Map.entry("onchainStates", onchainStates),
                Map.entry("ways", ways),
                Map.entry("simulate", simulate),
                Map.entry("refund", refund),
                Map.entry("actions", actions)));
    }

    Html error(String heading, String message) {
        return document("error", heading + " — Till", error.fill(Map.of("heading", heading, "message", message)), null);
    }

    private Html document(String page, String title, Html content, String script) {
        return layout.fill(Map.of(
                "page", page,
                "head", Html.EMPTY,
                "title", title,
                "simulated", Boolean.toString(simulated),
                "banner", simulated ? simulatedBanner : Html.EMPTY,
                "script", script == null ? Html.EMPTY
                        : new Html("<script type=\"module\" src=\"/assets/" + script + "\"></script>"),
                "content", content));
    }
}
