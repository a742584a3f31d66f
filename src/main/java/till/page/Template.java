package till.page;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTML template from the jar ({@code pages/<name>.html}) with {@code {{name}}} placeholders. Strings are
 * escaped, {@link Html} is inserted as is, so user input (a tag, a terminal's name) can never become markup.
 */
public final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private final String name;
    private final String text;

    private Template(String name, String text) {
        this.name = name;
        this.text = text;
    }

    public static Template load(String name) {
        return new Template(name, new String(Resources.read(name + ".html"), StandardCharsets.UTF_8));
    }

    /** Every placeholder must have a value: a forgotten one is a bug, not an empty spot on a customer's screen. */
    public Html fill(Map<String, ?> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 512);
        while (matcher.find()) {
            Object value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("template " + name + " has no value for " + matcher.group(1));
            }
            String markup = value instanceof Html html ? html.markup() : Html.escape(value.toString());
            matcher.appendReplacement(out, Matcher.quoteReplacement(markup));
        }
        matcher.appendTail(out);
        return new Html(out.toString());
    }
}
