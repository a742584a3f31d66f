package till.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import till.error.ErrorCode;
import till.error.Problem;
import till.net.HttpUrls;

/**
 * Keeps webhooks away from Till's own network (SSRF): a webhook host must be, or resolve only to, globally
 * routable unicast addresses ({@link GlobalAddresses}), unless TILL_WEBHOOK_ALLOW_PRIVATE is set. Checked when
 * the URL is given and again at every delivery. A host name is resolved once per connection, here, as the
 * {@link Dns} of the delivering client, so the address checked is the address connected to; an address literal
 * is checked before the request, without any lookup (OkHttp parses literals itself).
 */
public final class WebhookUrlGuard implements Dns {
    private final boolean allowPrivate;
    private final Dns resolver;

    public WebhookUrlGuard(boolean allowPrivate) {
        this(allowPrivate, Dns.SYSTEM);
    }

    WebhookUrlGuard(boolean allowPrivate, Dns resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** Refuses, with a 400 naming {@code field}, a URL that delivery could not use or whose host is not allowed. */
    public void checkUrl(String field, String url) {
        HttpUrl parsed = HttpUrls.parse(url);
        if (parsed == null) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be an http:// or https:// URL with a host");
        }
        try {
            if (HttpUrls.isAddressLiteral(parsed.host())) {
                checkLiteral(parsed.host());
            } else {
                lookup(parsed.host());
            }
        } catch (NotAllowed e) {
            throw Problem.at(ErrorCode.WEBHOOK_URL_NOT_ALLOWED, field, field + ": " + e.getMessage());
        } catch (UnknownHostException e) {
            // A DNS hiccup must not stop a sale: the delivery checks the address again before connecting.
        }
    }

    /** Before a delivery: an address literal is checked here; a name is checked when OkHttp asks {@link #lookup}. */
    void checkBeforeConnect(HttpUrl url) throws UnknownHostException {
        if (HttpUrls.isAddressLiteral(url.host())) {
            checkLiteral(url.host());
        }
    }

    private void checkLiteral(String host) throws UnknownHostException {
        // A literal: InetAddress parses it without a lookup.
        check(host, List.of(InetAddress.getByName(host)));
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        return check(hostname, resolver.lookup(hostname));
    }

    private List<InetAddress> check(String host, List<InetAddress> addresses) throws NotAllowed {
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (!GlobalAddresses.isGlobal(address)) {
                    throw new NotAllowed("webhook host " + host + " resolves to " + address.getHostAddress()
                            + ", which is not a globally routable address (loopback, private, link-local, shared, "
                            + "documentation, reserved or multicast; set TILL_WEBHOOK_ALLOW_PRIVATE=true to allow)");
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
}
