package till.onchain;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A BIP21 {@code bitcoin:} URI: the address, the amount in BTC and, for the unified one, a label and the Lightning
 * invoice as {@code lightning=} (a wallet pays on whichever rail it can). {@code bolt11} and {@code label} may be empty.
 */
public record Bip21(String address, long sats, String label, String bolt11) {
    /** A bech32 address, whose letters may be written in either case (a base58 one's may not). */
    private static final Pattern BECH32 = Pattern.compile("(bc|tb|bcrt)1[02-9ac-hj-np-z]+");

    /** The address and amount alone. */
    public static Bip21 onchain(String address, long sats) {
        return new Bip21(address, sats, "", "");
    }

    /** Satoshis as BTC, as BIP21 writes it: {@code 15000} → "0.00015". */
    public static String btc(long sats) {
        return BigDecimal.valueOf(sats, 8).stripTrailingZeros().toPlainString();
    }

    /** As links carry it. */
    public String uri() {
        return uri(false);
    }

    /**
     * With {@code upper}, the case-insensitive parts in upper case (the scheme, a bech32 address, the bolt11), which a
     * QR code holds in its denser alphanumeric mode; parameter names and the label's encoding stay as they are.
     */
    public String uri(boolean upper) {
        String scheme = upper ? "BITCOIN:" : "bitcoin:";
        String to = upper && BECH32.matcher(address).matches() ? address.toUpperCase(Locale.ROOT) : address;
        return scheme + to + "?amount=" + btc(sats)
                + (label.isEmpty() ? "" : "&label=" + encode(label))
                + (bolt11.isEmpty() ? "" : "&lightning=" + (upper ? bolt11.toUpperCase(Locale.ROOT) : bolt11));
    }

    /** Percent-encoding as URIs have it (a space is %20, not +). */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
