package till.dashboard.money;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * CSV as RFC 4180 has it: fields separated by commas, records ended by CRLF, a field quoted (its quotes doubled) when
 * it holds a comma, a quote or a line break. Text a shop's customer may have written (a tag) could start a formula in
 * a spreadsheet (OWASP's "CSV injection"): {@link #text} prefixes such a field with an apostrophe, which spreadsheets
 * show as plain text.
 */
final class CsvWriter {
    private final Writer out;

    CsvWriter(Writer out) {
        this.out = out;
    }

    void record(List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quoted(fields.get(i)));
        }
        out.write("\r\n");
    }

    void flush() throws IOException {
        out.flush();
    }

    /** A field as written: empty for null, quoted when it must be. */
    static String quoted(String field) {
        if (field == null) {
            return "";
        }
        boolean quote = field.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    /** Free text, neutralised: a leading =, +, -, @ (or a tab or CR, which some spreadsheets skip) gets an apostrophe. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}
