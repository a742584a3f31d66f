package till.refund;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import till.account.Secrets;
import till.charge.Charge;

/**
 * The checkout page's refund form carries this token, so that only a form Till rendered for this charge can ask for
 * its refund: another site cannot read the page (same-origin policy), hence cannot forge the POST. An HMAC keyed
 * with the charge's {@code hashed_order} (a secret of Till's database and the shop's), stable across restarts.
 */
public final class RefundToken {
    private RefundToken() {}

    public static String of(Charge charge) {
        return Secrets.hmacHex(charge.hashedOrder(), "checkout-refund:" + charge.id());
    }

    /** In constant time. */
    public static boolean matches(Charge charge, String token) {
        return token != null && MessageDigest.isEqual(of(charge).getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }
}
