package till.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>}, where the key is
 * the base64-decoded part of a {@code whsec_} secret, or else the secret's UTF-8 bytes.
 */
public final class WebhookSigner {
    private static final String PREFIX = "whsec_";

    private WebhookSigner() {}

    public static String sign(String secret, String webhookId, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] digest = mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether deliveries can sign with {@code secret}, tried the way they sign: {@code whsec_} alone gives no key. */
    public static boolean canSign(String secret) {
        try {
            sign(secret, "msg_check", 0, "");
            return true;
        } catch (IllegalArgumentException unusable) {
            return false;
        }
    }

    static byte[] key(String secret) {
        if (secret.startsWith(PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException notBase64) {
                // Not a real whsec_ secret: use it as it is, like any other string.
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
