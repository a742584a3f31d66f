package till.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The one reading of an http(s) URL that Till accepts, for every URL it is given (webhooks, callbacks, settings):
 * absolute, http or https in any letter case (RFC 3986), with a host, and read the same by {@code java.net.URI}
 * and by OkHttp, which sends the requests. A URL that only one of them can read is refused where it is given,
 * instead of failing later at every delivery.
 */
public final class HttpUrls {
    /** What OkHttp takes for an IP address and parses itself, bypassing its {@code Dns}. */
    private static final Pattern NUMERIC = Pattern.compile("[\\d.]+");
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    private HttpUrls() {}

    /** The URL as OkHttp will request it, or null when it is refused. */
    public static HttpUrl parse(String value) {
        HttpUrl url = HttpUrl.parse(value);
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase(url.scheme()) || uri.getHost() == null) {
                return null;
            }
        } catch (URISyntaxException e) {
            return null;
        }
        // "127.1", "2130706433" or "1.2.3.4.5": OkHttp would hand these to InetAddress, which reads some as an
        // address and looks others up in DNS, past any check. Only the four-number form is an IPv4 address here.
        return NUMERIC.matcher(url.host()).matches() && !DOTTED_QUAD.matcher(url.host()).matches() ? null : url;
    }

    public static boolean isHttpUrl(String value) {
        return parse(value) != null;
    }

    /** The host is an address literal: IPv6 (OkHttp has already checked it) or a dotted quad. */
    public static boolean isAddressLiteral(String host) {
        return host.contains(":") || DOTTED_QUAD.matcher(host).matches();
    }
}
