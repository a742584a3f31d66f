package till.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;
import till.error.Problem;

/**
 * Keeps webhooks away from Till's own network (SSRF): a webhook host must resolve only to public addresses,
 * unless TILL_WEBHOOK_ALLOW_PRIVATE is set. Checked when an invoice is created and again at every delivery,
 * as the {@link Dns} of the delivering client, so the address connected to is the one checked.
 */
public final class WebhookUrlGuard implements Dns {
    private final boolean allowPrivate;

    public WebhookUrlGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Refuses, with a 400 naming {@code field}, a URL whose host resolves to an address webhooks may not reach. */
    public void checkUrl(String field, String url) {
        String host = URI.create(url).getHost();
        try {
            lookup(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (NotAllowed e) {
            throw new Problem(400, "webhook_url_not_allowed", field + ": " + e.getMessage(), field);
        } catch (UnknownHostException e) {
            // A DNS hiccup must not stop a sale: the delivery checks the address again before connecting.
        }
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> addresses = Dns.SYSTEM.lookup(hostname);
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw new NotAllowed("webhook host " + hostname + " resolves to " + address.getHostAddress()
                            + ", a loopback, private, link-local or multicast address (set TILL_WEBHOOK_ALLOW_PRIVATE=true to allow)");
                }
            }
        }
        return addresses;
    }

    /** The host resolves, but to an address webhooks may not reach. */
    static final class NotAllowed extends UnknownHostException {
        NotAllowed(String message) {
            super(message);
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0 && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT 100.64/10
                    && !(first == 198 && (second == 18 || second == 19))         // benchmarking 198.18/15
                    && first < 240;                                             // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) != 0xfc; // unique-local fc00::/7
        }
        return true;
    }
}
