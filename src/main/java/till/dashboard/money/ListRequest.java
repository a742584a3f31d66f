package till.dashboard.money;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import till.error.ErrorCode;
import till.error.Problem;
import till.invoice.InvoiceStatus;

/**
 * The transactions list's query string, as the filter form sends it: {@code status}, {@code terminal} (a terminal's
 * id), {@code from} and {@code to} (UTC days, both included), {@code q} (a tag's text or an invoice hash) and
 * {@code after} (the cursor). Empty fields mean "any"; the CSV export reads the same fields.
 */
record ListRequest(InvoiceStatus status, String terminal, LocalDate from, LocalDate to, String q, Long after) {
    private static final int MAX_SEARCH = 100;

    static ListRequest read(Context ctx) {
        String q = text(ctx, "q");
        if (q != null && q.length() > MAX_SEARCH) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "q", "q has at most " + MAX_SEARCH + " characters");
        }
        LocalDate from = day(ctx, "from");
        LocalDate to = day(ctx, "to");
        if (from != null && to != null && to.isBefore(from)) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "to", "to is before from");
        }
        return new ListRequest(status(text(ctx, "status")), text(ctx, "terminal"), from, to, q, after(text(ctx, "after")));
    }

    TransactionFilter filter(String accountId) {
        return new TransactionFilter(accountId, status, terminal, from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), q);
    }

    /** The filters (never the cursor) as a query string, "" when there are none. */
    String query() {
        Map<String, String> fields = new LinkedHashMap<>();
        if (status != null) fields.put("status", status.name());
        if (terminal != null) fields.put("terminal", terminal);
        if (from != null) fields.put("from", from.toString());
        if (to != null) fields.put("to", to.toString());
        if (q != null) fields.put("q", q);
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    boolean firstPage() {
        return after == null;
    }

    private static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static InvoiceStatus status(String value) {
        if (value == null) {
            return null;
        }
        try {
            return InvoiceStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "status", "status must be unpaid, processing, underpaid, paid, expired or refunded");
        }
    }

    private static LocalDate day(Context ctx, String name) {
        String value = text(ctx, name);
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Problem.at(ErrorCode.INVALID_FIELD, name, name + " must be a day as YYYY-MM-DD");
        }
    }

    private static Long after(String value) {
        try {
            return value == null ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "after", "after must be a transaction's id");
        }
    }
}
