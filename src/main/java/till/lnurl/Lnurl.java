package till.lnurl;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import till.bolt11.Bech32;

/**
 * LUD-01's LNURL: a URL in bech32 with the human-readable part {@code lnurl}, in upper case (wallets read either
 * case; upper case fits a QR code's denser alphanumeric mode). Longer than BIP-173's 90 characters, which LUD-01 (like
 * BOLT #11) does without.
 */
public final class Lnurl {
    private Lnurl() {}

    public static String encode(String url) {
        return Bech32.encode("lnurl", Bech32.toFiveBit(url.getBytes(StandardCharsets.UTF_8))).toUpperCase(Locale.ROOT);
    }
}
