package till.web;

import till.error.ErrorCode;
import till.error.Problem;
import till.invoice.NewInvoice;
import till.webhook.WebhookSigner;

/** Reads an invoice request, from a JSON body or from WebSocket query parameters, with the same checks. */
final class InvoiceRequests {
    /** 21 million BTC: no invoice can be for more. */
    static final long MAX_AMOUNT_MSAT = 2_100_000_000_000_000_000L;

    private InvoiceRequests() {}

    static NewInvoice read(Fields fields) {
        String bptId = fields.requiredString("bptId", 100);
        long amountMsat = fields.requiredLong("amountMsat", 1, MAX_AMOUNT_MSAT);
        String tag = fields.optionalString("tag", NewInvoice.MAX_TAG_LENGTH);
        Long expiration = fields.optionalLong("expiration", Long.MIN_VALUE, Long.MAX_VALUE);
        String webhookUrl = fields.optionalHttpUrl("webhookUrl");
        String webhookSecret = fields.optionalString("webhookSecret", 500);
        // An empty secret means unsigned webhooks; any other must be one deliveries can sign with.
        if (webhookSecret != null && !webhookSecret.isEmpty() && !WebhookSigner.canSign(webhookSecret)) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "webhookSecret",
                    "webhookSecret gives no signing key: after whsec_ must come the key's bytes in base64");
        }
        return new NewInvoice(bptId, amountMsat, tag,
                expiration == null ? NewInvoice.DEFAULT_EXPIRATION : NewInvoice.clampExpiration(expiration),
                webhookUrl, webhookSecret);
    }
}
