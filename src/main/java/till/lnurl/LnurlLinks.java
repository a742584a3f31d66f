package till.lnurl;

import java.net.URI;
import java.util.function.Supplier;
import till.account.Bpt;

/**
 * Where a terminal's LNURL-pay endpoints are, under {@code TILL_PUBLIC_URL} (read at each use: it is known only once
 * Till listens): the terminal's own, by its id (what its printed QR code holds, stable across renames), and its
 * Lightning address's, by name (LUD-16's {@code /.well-known/lnurlp/<name>} on the public host).
 */
public record LnurlLinks(Supplier<String> publicUrl) {
    public String payUrl(String bptId) {
        return publicUrl.get() + "/lnurlp/" + bptId;
    }

    public String addressUrl(String lightningName) {
        return publicUrl.get() + "/.well-known/lnurlp/" + lightningName;
    }

    /** The bech32 {@code LNURL1…} of the terminal's own endpoint. */
    public String lnurl(String bptId) {
        return Lnurl.encode(payUrl(bptId));
    }

    /** {@code cafe@pay.example.com}, or null for a terminal without an address. The port is kept when there is one. */
    public String address(Bpt bpt) {
        return bpt.lightningName() == null ? null : bpt.lightningName() + "@" + URI.create(publicUrl.get()).getRawAuthority();
    }
}
