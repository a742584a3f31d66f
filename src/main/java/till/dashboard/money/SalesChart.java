package till.dashboard.money;

import java.util.List;
import java.util.Locale;
import till.page.Amounts;
import till.page.Html;

/**
 * The daily sales as a bar chart in SVG, drawn here: no script, no library, and the CSP allows it as part of the page.
 * For screen readers it is an image with a title and a description (the total and the best day); the page shows the
 * numbers themselves in a table beside it. Colours are presentation attributes ({@code currentColor}): a style
 * attribute would need the CSP's 'unsafe-inline'.
 */
final class SalesChart {
    private static final int WIDTH = 600;
    private static final int HEIGHT = 160;
    private static final int TOP = 16;
    private static final int BOTTOM = 20;
    private static final int GAP = 2;

    private SalesChart() {}

    static Html svg(List<DaySales> days) {
        long max = days.stream().mapToLong(DaySales::receivedMsat).max().orElse(0);
        long total = days.stream().mapToLong(DaySales::receivedMsat).sum();
        long count = days.stream().mapToLong(DaySales::count).sum();
        String title = "Sales per day, last " + days.size() + " days (UTC)";
        String desc = Amounts.sats(total) + " sats received in " + count + " payments"
                + (max == 0 ? "" : "; best day " + best(days) + " with " + Amounts.sats(max) + " sats");
        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg class=\"sales-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-labelledby=\"sales-chart-title sales-chart-desc\">")
                .append("<title id=\"sales-chart-title\">").append(Html.escape(title)).append("</title>")
                .append("<desc id=\"sales-chart-desc\">").append(Html.escape(desc)).append("</desc>");
        int plot = HEIGHT - TOP - BOTTOM;
        double slot = (double) WIDTH / Math.max(1, days.size());
        svg.append("<line x1=\"0\" y1=\"").append(TOP + plot).append("\" x2=\"").append(WIDTH).append("\" y2=\"")
                .append(TOP + plot).append("\" stroke=\"currentColor\" stroke-opacity=\"0.4\"/>");
        for (int i = 0; i < days.size(); i++) {
            DaySales day = days.get(i);
            double height = max == 0 ? 0 : (double) plot * day.receivedMsat() / max;
            svg.append("<rect x=\"").append(number(i * slot + GAP / 2.0)).append("\" y=\"").append(number(TOP + plot - height))
                    .append("\" width=\"").append(number(slot - GAP)).append("\" height=\"").append(number(height))
                    .append("\" fill=\"currentColor\"><title>").append(day.day()).append(": ")
                    .append(Amounts.sats(day.receivedMsat())).append(" sats, ").append(day.count())
                    .append(day.count() == 1 ? " payment" : " payments").append("</title></rect>");
        }
        svg.append(label(0, HEIGHT - 4, "start", days.isEmpty() ? "" : days.get(0).day().toString()))
                .append(label(WIDTH, HEIGHT - 4, "end", days.isEmpty() ? "" : days.get(days.size() - 1).day().toString()))
                .append(label(0, TOP - 4, "start", "max " + Amounts.sats(max) + " sats"))
                .append("</svg>");
        return new Html(svg.toString());
    }

    private static String best(List<DaySales> days) {
        DaySales best = days.get(0);
        for (DaySales day : days) {
            if (day.receivedMsat() > best.receivedMsat()) {
                best = day;
            }
        }
        return best.day().toString();
    }

    private static String label(int x, int y, String anchor, String text) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\" font-size=\"12\" fill=\"currentColor\">"
                + Html.escape(text) + "</text>";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
