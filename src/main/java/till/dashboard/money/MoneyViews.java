package till.dashboard.money;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import till.account.Bpt;
import till.invoice.Invoice;
import till.invoice.InvoicePage;
import till.invoice.InvoiceStatus;
import till.page.Amounts;
import till.page.Html;
import till.page.Template;
import till.webhook.WebhookLog;

/** The shop's money as HTML: the overview, the transactions list and one transaction, from their templates. */
final class MoneyViews {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Template overview = Template.load("dashboard/money-overview");
    private final Template list = Template.load("dashboard/money-transactions");
    private final Template detail = Template.load("dashboard/money-transaction");

    Html overview(Overview money, InvoicePage latest, List<Bpt> terminals) {
        StringBuilder dayRows = new StringBuilder();
        for (int i = money.days().size() - 1; i >= 0; i--) {
            DaySales day = money.days().get(i);
            dayRows.append("<tr><td>").append(day.day()).append("</td><td class=\"num\">").append(day.count())
                    .append("</td><td class=\"num\">").append(Amounts.sats(day.receivedMsat())).append("</td></tr>");
        }
        return overview.fill(Map.ofEntries(
                Map.entry("balance", Amounts.sats(money.balanceMsat())),
                Map.entry("todaySats", Amounts.sats(money.today().receivedMsat())),
                Map.entry("todayCount", payments(money.today().count())),
                Map.entry("weekSats", Amounts.sats(money.week().receivedMsat())),
                Map.entry("weekCount", payments(money.week().count())),
                Map.entry("monthSats", Amounts.sats(money.month().receivedMsat())),
                Map.entry("monthCount", payments(money.month().count())),
                Map.entry("chart", SalesChart.svg(money.days())),
                Map.entry("dayRows", new Html(dayRows.toString())),
                Map.entry("latest", table(latest.data(), terminals))));
    }

    Html list(ListRequest request, InvoicePage page, List<Bpt> terminals) {
        String filters = request.query();
        StringBuilder pager = new StringBuilder();
        if (!request.firstPage()) {
            pager.append("<a class=\"button ghost\" href=\"/dashboard/transactions").append(filters.isEmpty() ? "" : "?" + Html.escape(filters))
                    .append("\">Newest</a>");
        }
        if (page.next() != null) {
            pager.append("<a class=\"button ghost\" rel=\"next\" href=\"/dashboard/transactions?")
                    .append(Html.escape(filters.isEmpty() ? "" : filters + "&")).append("after=").append(page.next()).append("\">Older</a>");
        }
        return list.fill(Map.of(
                "statusOptions", statusOptions(request.status()),
                "terminalOptions", terminalOptions(terminals, request.terminal()),
                "from", request.from() == null ? "" : request.from().toString(),
                "to", request.to() == null ? "" : request.to().toString(),
                "q", request.q() == null ? "" : request.q(),
                "table", table(page.data(), terminals),
                "pager", new Html(pager.toString()),
                "csvUrl", "/dashboard/transactions.csv" + (filters.isEmpty() ? "" : "?" + filters)));
    }

    Html detail(Invoice t, String terminalName, List<WebhookLog.DeliveryEntry> webhooks, Html redeliverForm, String notice) {
        return detail.fill(Map.ofEntries(
                Map.entry("id", Long.toString(t.seq())),
                Map.entry("notice", notice == null ? Html.EMPTY : new Html("<p class=\"money-notice\" role=\"status\">" + Html.escape(notice) + "</p>")),
                Map.entry("amount", amount(t)),
                Map.entry("status", t.status().name()),
                Map.entry("paid", msat(t.amountReceivedMsat())),
                Map.entry("received", msat(t.receivedMsat())),
                Map.entry("fee", msat(t.feeProcessMsat())),
                Map.entry("created", time(t.createdAt())),
                Map.entry("expires", time(t.expiresAt())),
                Map.entry("settled", time(t.settledAt())),
                Map.entry("terminal", terminalName == null ? "—" : terminalName),
                Map.entry("tag", t.tag() == null ? "—" : t.tag()),
                Map.entry("hash", t.invoiceHash() == null ? "—" : t.invoiceHash()),
                Map.entry("bolt11", t.bolt11()),
                Map.entry("webhooks", webhooks(webhooks)),
                Map.entry("redeliver", webhooks.isEmpty() ? Html.EMPTY : redeliverForm)));
    }

    private static Html table(List<Invoice> rows, List<Bpt> terminals) {
        if (rows.isEmpty()) {
            return new Html("<p class=\"money-empty\">No transactions.</p>");
        }
        Map<String, String> names = terminals.stream().collect(Collectors.toMap(Bpt::id, Bpt::name));
        StringBuilder html = new StringBuilder("<div class=\"dash-table-wrap\"><table class=\"dash-table\"><thead><tr>"
                + "<th scope=\"col\">Id</th><th scope=\"col\">Created (UTC)</th><th scope=\"col\" class=\"num\">Amount (sats)</th>"
                + "<th scope=\"col\">Status</th><th scope=\"col\">Terminal</th><th scope=\"col\">Tag</th></tr></thead><tbody>");
        for (Invoice t : rows) {
            html.append("<tr data-id=\"").append(t.seq()).append("\"><td><a href=\"/dashboard/transactions/").append(t.seq())
                    .append("\">").append(t.seq()).append("</a></td><td>").append(TIME.format(t.createdAt()))
                    .append("</td><td class=\"num\">").append(Amounts.sats(t.amountMsat()))
                    .append(t.price() == null ? "" : "<span class=\"money-fiat\">" + Html.escape(t.price().amountText() + " "
                            + t.price().currency()) + "</span>")
                    .append("</td><td><span class=\"money-status money-status-").append(t.status().name()).append("\">")
                    .append(t.status().name()).append("</span></td><td>")
                    .append(Html.escape(t.bptId() == null ? "—" : names.getOrDefault(t.bptId(), t.bptId())))
                    .append("</td><td>").append(Html.escape(t.tag() == null ? "" : t.tag())).append("</td></tr>");
        }
        return new Html(html.append("</tbody></table></div>").toString());
    }

    private static Html webhooks(List<WebhookLog.DeliveryEntry> deliveries) {
        if (deliveries.isEmpty()) {
            return new Html("<p class=\"money-empty\">No webhooks: this transaction has no webhook URL.</p>");
        }
        StringBuilder html = new StringBuilder();
        for (WebhookLog.DeliveryEntry d : deliveries) {
            html.append("<div class=\"money-webhook\"><p><span class=\"money-status money-status-").append(d.status().name()).append("\">")
                    .append(d.status().name()).append("</span> ").append(Html.escape(d.url())).append(" · ")
                    .append(d.attempts()).append(d.attempts() == 1 ? " attempt" : " attempts").append(" · queued ")
                    .append(time(d.createdAtUtc()))
                    .append(d.nextAttemptAtUtc() == null ? "" : " · next attempt " + time(d.nextAttemptAtUtc()))
                    .append("</p>");
            if (!d.attemptLog().isEmpty()) {
                html.append("<div class=\"dash-table-wrap\"><table class=\"dash-table\"><thead><tr><th scope=\"col\">Attempted (UTC)</th>"
                        + "<th scope=\"col\">Answer</th><th scope=\"col\" class=\"num\">Took (ms)</th></tr></thead><tbody>");
                for (WebhookLog.AttemptEntry a : d.attemptLog()) {
                    html.append("<tr><td>").append(time(a.attemptedAtUtc())).append("</td><td>")
                            .append(Html.escape(a.statusCode() != null ? "HTTP " + a.statusCode()
                                    : a.error() == null ? "—" : a.error()))
                            .append("</td><td class=\"num\">").append(a.durationMs()).append("</td></tr>");
                }
                html.append("</tbody></table></div>");
            }
            html.append("</div>");
        }
        return new Html(html.toString());
    }

    private static Html statusOptions(InvoiceStatus selected) {
        StringBuilder html = new StringBuilder(option("", "Any", selected == null));
        for (InvoiceStatus status : InvoiceStatus.values()) {
            html.append(option(status.name(), status.name(), status == selected));
        }
        return new Html(html.toString());
    }

    private static Html terminalOptions(List<Bpt> terminals, String selected) {
        StringBuilder html = new StringBuilder(option("", "Any", selected == null));
        terminals.forEach(t -> html.append(option(t.id(), t.name(), t.id().equals(selected))));
        return new Html(html.toString());
    }

    private static String option(String value, String label, boolean selected) {
        return "<option value=\"" + Html.escape(value) + "\"" + (selected ? " selected" : "") + ">" + Html.escape(label) + "</option>";
    }

    private static String amount(Invoice t) {
        return t.price() == null ? Amounts.sats(t.amountMsat()) + " sats" + detailMsat(t.amountMsat())
                : Amounts.fiat(t.price(), t.amountMsat());
    }

    private static String msat(Long msat) {
        return msat == null ? "—" : Amounts.sats(msat) + " sats" + detailMsat(msat);
    }

    private static String detailMsat(long msat) {
        String exact = Amounts.msatDetail(msat);
        return exact.isEmpty() ? "" : " (" + exact + ")";
    }

    private static String payments(long count) {
        return count + (count == 1 ? " payment" : " payments");
    }

    private static String time(Instant at) {
        return at == null ? "—" : TIME.format(at);
    }
}
