package till.web;

import till.error.ErrorCode;
import till.error.Problem;
import till.webhook.WebhookSigner;

/** The {@code webhookUrl} and {@code webhookSecret} of an invoice request or a terminal, read with the same checks. */
final class WebhookFields {
    static final String URL = "webhookUrl";
    static final String SECRET = "webhookSecret";

    private WebhookFields() {}

    /** The URL, an http(s) URL; null when absent. */
    static String url(Fields fields) {
        return fields.optionalHttpUrl(URL);
    }

    /** The secret; null when absent. */
    static String secret(Fields fields) {
        String secret = fields.optionalString(SECRET, 500);
        // An empty secret means unsigned webhooks; any other must be one deliveries can sign with.
        if (secret != null && !secret.isEmpty() && !WebhookSigner.canSign(secret)) {
            throw Problem.at(ErrorCode.INVALID_FIELD, SECRET,
                    "webhookSecret gives no signing key: after whsec_ must come the key's bytes in base64");
        }
        return secret;
    }
}
