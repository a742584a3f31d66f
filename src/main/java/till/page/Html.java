package till.page;

/** Markup that is already safe to put into a page; every plain {@code String} a template receives is escaped instead. */
public record Html(String markup) {
    public static final Html EMPTY = new Html("");

    /** Escapes text for HTML element content and quoted attribute values alike. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
