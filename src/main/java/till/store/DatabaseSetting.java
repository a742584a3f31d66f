package till.store;

import java.util.regex.Pattern;

/**
 * Which database Till uses: the embedded H2 file in the data directory ({@code url} null, the default), or the
 * PostgreSQL server that {@code TILL_DATABASE_URL} names, shared by any number of Till processes. The password is
 * never printed.
 */
public record DatabaseSetting(String url, String user, String password) {
    public static final DatabaseSetting EMBEDDED = new DatabaseSetting(null, null, null);
    private static final String PREFIX = "jdbc:postgresql://";
    /** URL parameters that carry a secret: never shown. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&](?:password|sslpassword)=)[^&]*");

    /** Thrown for a URL Till cannot use; its message is the one line the user sees. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    /** From the three settings; a URL other than a PostgreSQL JDBC URL is refused, as are credentials without a URL. */
    public static DatabaseSetting of(String url, String user, String password) {
        if (url == null) {
            if (user != null || password != null) {
                throw new Invalid("TILL_DATABASE_USER or TILL_DATABASE_PASSWORD is set but TILL_DATABASE_URL is not");
            }
            return EMBEDDED;
        }
        if (!url.startsWith(PREFIX) || url.length() == PREFIX.length()) {
            throw new Invalid("TILL_DATABASE_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database),"
                    + " not '" + redact(url) + "'");
        }
        return new DatabaseSetting(url, user, password);
    }

    public boolean embedded() {
        return url == null;
    }

    /** The URL without any password in it: for /health, logs and messages. */
    public String displayUrl() {
        return url == null ? null : redact(url);
    }

    private static String redact(String url) {
        return SECRET_PARAMETER.matcher(url.replaceFirst("//[^/@]*@", "//")).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return embedded() ? "DatabaseSetting[embedded]" : "DatabaseSetting[" + displayUrl() + ", user=" + user + "]";
    }
}
