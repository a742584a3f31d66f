package till.dashboard.operator;

import java.util.List;
import till.page.Html;

/**
 * A table of the operator's view as markup: a cell is text (escaped) or {@link Html}; numeric columns align right.
 * It scrolls sideways on a phone rather than squeezing its columns.
 */
final class Table {
    /** A column: its heading, and whether it holds numbers. */
    record Column(String title, boolean numeric) {
        static Column text(String title) {
            return new Column(title, false);
        }

        static Column number(String title) {
            return new Column(title, true);
        }
    }

    private final List<Column> columns;
    private final String label;
    private final StringBuilder rows = new StringBuilder();

    /** {@code label}: what the table lists, for screen readers. */
    Table(String label, Column... columns) {
        this.label = label;
        this.columns = List.of(columns);
    }

    Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + columns.size() + " columns");
        }
        rows.append("<tr>");
        for (int i = 0; i < cells.length; i++) {
            rows.append(columns.get(i).numeric() ? "<td class=\"num\">" : "<td>").append(markup(cells[i])).append("</td>");
        }
        rows.append("</tr>\n");
        return this;
    }

    /** The table, or {@code empty} (a sentence) when it has no row. */
    Html html(String empty) {
        if (rows.isEmpty()) {
            return new Html("<p class=\"op-empty\">" + Html.escape(empty) + "</p>");
        }
        StringBuilder out = new StringBuilder("<div class=\"dash-table-wrap\"><table class=\"dash-table\" aria-label=\"")
                .append(Html.escape(label)).append("\"><thead><tr>");
        for (Column column : columns) {
            out.append(column.numeric() ? "<th class=\"num\" scope=\"col\">" : "<th scope=\"col\">")
                    .append(Html.escape(column.title())).append("</th>");
        }
        return new Html(out.append("</tr></thead><tbody>\n").append(rows).append("</tbody></table></div>").toString());
    }

    private static String markup(Object cell) {
        return cell instanceof Html html ? html.markup() : Html.escape(String.valueOf(cell));
    }
}
