package till.dashboard.operator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import till.account.CreatedAccount;
import till.dashboard.DashboardPages;
import till.dashboard.DashboardSession;
import till.fiat.LiveRates;
import till.invoice.WatcherStatus;
import till.node.Liquidity;
import till.node.NodeChannel;
import till.node.NodeInfo;
import till.onchain.OnchainStatus;
import till.page.Amounts;
import till.page.Html;
import till.page.Template;

/** Draws the operator's view from an {@link OperatorSnapshot}, and the page that shows a new account's key once. */
final class OperatorPage {
    /** What the new-account form holds when it is drawn again: what was typed, and why it was refused. */
    record Entered(String name, String feePpm, String error) {
        static final Entered NONE = new Entered("", "", "");
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Template view = Template.load("dashboard/operator");
    private final Template created = Template.load("dashboard/operator-created");
    private final Template warning = Template.load("dashboard/operator-warning");

    Html view(DashboardSession session, OperatorSnapshot s, Entered entered) {
        return view.fill(Map.ofEntries(
                Map.entry("warning", warnings(s)),
                Map.entry("nodeCards", nodeCards(s.node())),
                Map.entry("nodeFacts", nodeFacts(s.node().info(), s.node().infoError())),
                Map.entry("channels", channels(s.node())),
                Map.entry("accountCount", Long.toString(s.accounts().total())),
                Map.entry("csrf", DashboardPages.csrfInput(session)),
                Map.entry("formError", entered.error()),
                Map.entry("name", entered.name()),
                Map.entry("feePpm", entered.feePpm()),
                Map.entry("accounts", accounts(s.accounts())),
                Map.entry("pager", pager(s.accounts())),
                Map.entry("operations", operations(s)),
                Map.entry("failingHosts", failingHosts(s.webhooks()))));
    }

    Html created(DashboardSession session, CreatedAccount account) {
        return created.fill(Map.of("name", account.name(), "id", account.id(), "feePpm", account.feePpm(),
                "apiKey", account.apiKey()));
    }

    /**
     * At the top, in words: open invoices the node could not receive now, a node that can receive nothing, or a node
     * that did not say.
     */
    private Html warnings(OperatorSnapshot s) {
        NodeReport node = s.node();
        if (node.channelsError() != null) {
            return warning.fill(Map.of("title", "The node did not list its channels",
                    "detail", node.channelsError() + ". How much it can receive now is unknown.", "table", Html.EMPTY));
        }
        ReceiveWarning receive = s.receiveWarning();
        if (receive.any()) {
            Table largest = new Table("Open invoices larger than the node can receive now",
                    Table.Column.number("Transaction"), Table.Column.text("Account"), Table.Column.number("Amount (sats)"),
                    Table.Column.text("Created"), Table.Column.text("Expires"));
            receive.largest().forEach(i -> largest.row(i.transactionId(), i.accountName(), Amounts.sats(i.amountMsat()),
                    time(i.createdAt()), time(i.expiresAt())));
            return warning.fill(Map.of(
                    "title", receive.count() + (receive.count() == 1 ? " open invoice is" : " open invoices are")
                            + " larger than the node can receive now",
                    "detail", "The node can receive at most " + Amounts.sats(receive.receivableMsat()) + " sats now. "
                            + "Their payers will find no route until the node has more inbound liquidity (a channel "
                            + "opened to it, or funds it sends out through its channels). Till still issues such "
                            + "invoices: smaller ones are paid as usual."
                            + (receive.count() > receive.largest().size()
                                    ? " The largest " + receive.largest().size() + " are listed." : ""),
                    "table", largest.html("")));
        }
        if (node.liquidity().receivableMsat() == 0) {
            return warning.fill(Map.of("title", "The node cannot receive any payment now",
                    "detail", node.liquidity().usableChannels() == 0
                            ? "It has no open channel with a connected peer."
                            : "Its open channels hold nothing on their peers' side: it needs inbound liquidity.",
                    "table", Html.EMPTY));
        }
        return Html.EMPTY;
    }

    private static Html nodeCards(NodeReport node) {
        Liquidity liquidity = node.liquidity();
        NodeInfo info = node.info();
        StringBuilder out = new StringBuilder();
        if (liquidity != null) {
            out.append(card("Can receive now", Amounts.sats(liquidity.receivableMsat()) + " sats",
                    "at most " + Amounts.sats(liquidity.largestChannelReceivableMsat()) + " sats through one channel"));
            out.append(card("Can send now", Amounts.sats(liquidity.sendableMsat()) + " sats", "before routing fees"));
            out.append(card("Channels", liquidity.usableChannels() + " usable",
                    node.channels().size() + " in all"));
        }
        if (info != null) {
            out.append(card("Block height", Long.toString(info.blockheight()), info.network()));
        }
        return new Html(out.toString());
    }

    private static String card(String title, String value, String detail) {
        return "<div class=\"dash-card\"><h2>" + Html.escape(title) + "</h2><p class=\"op-figure\">" + Html.escape(value)
                + "</p><p class=\"op-detail\">" + Html.escape(detail) + "</p></div>";
    }

    private static Html nodeFacts(NodeInfo info, String error) {
        if (info == null) {
            return new Html("<p class=\"dash-error\" role=\"alert\">The node did not answer: " + Html.escape(error) + "</p>");
        }
        return new Html("<dl class=\"op-facts\">" + fact("Id", info.id()) + fact("Alias", info.alias())
                + fact("Network", info.network()) + fact("Version", info.version()) + "</dl>");
    }

    private static String fact(String term, String value) {
        return "<div><dt>" + Html.escape(term) + "</dt><dd>" + Html.escape(value == null ? "—" : value) + "</dd></div>";
    }

    private static Html channels(NodeReport node) {
        if (node.channels() == null) {
            return Html.EMPTY;
        }
        Table table = new Table("Channels", Table.Column.text("Peer"), Table.Column.text("State"),
                Table.Column.number("Capacity (sats)"), Table.Column.number("Ours (sats)"),
                Table.Column.number("Theirs (sats)"));
        for (NodeChannel c : node.channels()) {
            table.row(peer(c.peerId()), state(c),
                    Amounts.sats(c.capacityMsat()), Amounts.sats(c.ourMsat()), Amounts.sats(c.theirMsat()));
        }
        return table.html("The node has no channel: it can neither receive nor send over Lightning.");
    }

    /** A node id's first and last bytes, the whole id in its title: the table stays narrow on a phone. */
    private static Html peer(String id) {
        String shown = id != null && id.length() > 20 ? id.substring(0, 10) + "…" + id.substring(id.length() - 8) : id;
        return new Html("<code class=\"op-id\" title=\"" + Html.escape(String.valueOf(id)) + "\">"
                + Html.escape(String.valueOf(shown)) + "</code>");
    }

    private static String state(NodeChannel c) {
        String state = switch (c.state()) {
            case OPENING -> "opening";
            case NORMAL -> "open";
            case CLOSING -> "closing";
            case CLOSED -> "closed";
            case UNKNOWN -> "unknown state";
        };
        return c.state() == NodeChannel.State.NORMAL && !c.connected() ? state + ", peer offline" : state;
    }

    private static Html accounts(AccountsPage page) {
        Table table = new Table("Accounts", Table.Column.text("Name and id"), Table.Column.text("Created"), Table.Column.number("Balance (sats)"), Table.Column.number("Received (sats)"),
                Table.Column.number("Payments"), Table.Column.number("Paid out (sats)"), Table.Column.number("Fee (ppm)"));
        for (AccountSummary a : page.accounts()) {
            table.row(new Html(Html.escape(a.name()) + "<code class=\"op-id op-sub\">" + Html.escape(a.id()) + "</code>"),
                    time(a.createdAt()), Amounts.sats(a.balanceMsat()), Amounts.sats(a.receivedMsat()),
                    String.format(Locale.ROOT, "%,d", a.receivedCount()), Amounts.sats(a.paidOutMsat()),
                    String.format(Locale.ROOT, "%,d", a.feePpm()));
        }
        return table.html("No account yet: create the first one above.");
    }

    private static Html pager(AccountsPage page) {
        if (page.pages() == 1) {
            return Html.EMPTY;
        }
        StringBuilder out = new StringBuilder("<nav class=\"op-pager\" aria-label=\"Pages of accounts\">");
        if (page.page() > 1) {
            out.append(link(page.page() - 1, "Newer"));
        }
        out.append("<span>Page ").append(page.page()).append(" of ").append(page.pages()).append("</span>");
        if (page.page() < page.pages()) {
            out.append(link(page.page() + 1, "Older"));
        }
        return new Html(out.append("</nav>").toString());
    }

    private static String link(int page, String text) {
        return "<a class=\"button secondary\" href=\"/dashboard/admin?page=" + page + "\">" + text + "</a>";
    }

    private static Html operations(OperatorSnapshot s) {
        WatcherStatus watcher = s.watcher();
        WebhookBacklog webhooks = s.webhooks();
        OnchainStatus onchain = s.onchain();
        LiveRates.State rates = s.liveRates();
        StringBuilder out = new StringBuilder();
        out.append(card("Payment watcher", watcher.state().name().replace('_', ' '),
                "at the node's payment " + watcher.cursor() + " since " + time(watcher.since())
                        + (watcher.lastError() == null ? "" : "; last error: " + watcher.lastError())));
        out.append(card("Webhooks waiting", String.format(Locale.ROOT, "%,d", webhooks.pending()),
                (webhooks.oldestPending() == null ? "none waiting" : "the oldest since " + time(webhooks.oldestPending()))
                        + "; " + String.format(Locale.ROOT, "%,d", webhooks.failed()) + " given up"));
        out.append(onchain == null
                ? card("On-chain", "off", "charges are paid over Lightning only")
                : card("On-chain", "on", onchain.confirmations() + " confirmation(s); block "
                        + (onchain.blockHeight() == null ? "not seen yet" : onchain.blockHeight())
                        + "; bitcoind peer " + onchain.peer().name()));
        out.append(rates == null
                ? card("Rates", s.ratesSource(), "always fresh")
                : card("Rates", s.ratesSource(), (rates.fresh() ? "fresh" : "stale")
                        + (rates.fetchedAt() == null ? ", never fetched" : ", fetched " + time(rates.fetchedAt()))
                        + (rates.lastError() == null ? "" : "; last error: " + rates.lastError())));
        out.append(card("Version", s.version(), "Till"));
        return new Html(out.toString());
    }

    private static Html failingHosts(WebhookBacklog webhooks) {
        Table table = new Table("Webhook receivers being retried", Table.Column.text("Receiver"),
                Table.Column.number("Waiting"), Table.Column.text("Since"), Table.Column.number("Most attempts"));
        webhooks.failingHosts().forEach(h -> table.row(h.host() == null ? "(not noted)" : h.host(),
                String.format(Locale.ROOT, "%,d", h.pending()), time(h.oldest()), h.attempts()));
        return table.html("No webhook receiver is failing.");
    }

    private static String time(long epochMillis) {
        return time(Instant.ofEpochMilli(epochMillis));
    }

    private static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }
}
