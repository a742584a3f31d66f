package till.web;

import till.account.BptChange;
import till.error.ErrorCode;
import till.error.Problem;
import till.fiat.Rates;
import till.lnurl.LightningName;

/** A terminal's settings as Till reads them, when it is made and when they change: each checked one way. */
final class BptFields {
    static final int MAX_NAME_LENGTH = 100;
    static final String LIGHTNING_ADDRESS = "lightningAddress";

    private BptFields() {}

    /**
     * All of a terminal's settings, as a new terminal's or the dashboard's settings form gives them: the name
     * required; the split null when absent (the default, or unchanged); no currency is satoshis, no Lightning
     * address none; no webhook none for a new terminal, unchanged for the dashboard's form (which has no such field).
     */
    static BptChange all(Fields fields, Rates rates) {
        String webhookUrl = WebhookFields.url(fields);
        return new BptChange(fields.requiredString("name", MAX_NAME_LENGTH), split(fields), true,
                CurrencyField.read(fields, rates), true, lightningName(fields), webhookUrl != null, webhookUrl,
                secretOf(fields, webhookUrl));
    }

    /**
     * The settings a change gives, null where absent; a name given must not be blank. {@code toSats}: the request
     * sets the currency back to satoshis (JSON's {@code "currency": null}); {@code noAddress}: it removes the
     * Lightning address ({@code "lightningAddress": null}; an empty one does too); {@code noWebhook}: it removes the
     * webhook ({@code "webhookUrl": null}). A webhook given replaces URL and secret together.
     */
    static BptChange given(Fields fields, boolean toSats, boolean noAddress, boolean noWebhook, Rates rates) {
        String name = fields.optionalString("name", MAX_NAME_LENGTH) == null ? null
                : fields.requiredString("name", MAX_NAME_LENGTH);
        String currency = CurrencyField.read(fields, rates);
        String address = givenAddress(fields);
        String webhookUrl = WebhookFields.url(fields);
        return new BptChange(name, split(fields), toSats || currency != null, currency, noAddress || address != null,
                LightningName.check(LIGHTNING_ADDRESS, address), noWebhook || webhookUrl != null, webhookUrl,
                secretOf(fields, webhookUrl));
    }

    /** The local part of the Lightning address (before the @), in lower case; null when absent or empty. */
    private static String lightningName(Fields fields) {
        return LightningName.check(LIGHTNING_ADDRESS, givenAddress(fields));
    }

    /** The webhook's secret, which comes with its URL: alone it would change nothing, so it is refused. */
    private static String secretOf(Fields fields, String webhookUrl) {
        String secret = WebhookFields.secret(fields);
        if (secret != null && webhookUrl == null) {
            throw Problem.at(ErrorCode.INVALID_FIELD, WebhookFields.SECRET,
                    "webhookSecret comes with its webhookUrl: send both to change a terminal's webhook");
        }
        return secret;
    }

    private static String givenAddress(Fields fields) {
        // Longer than any allowed name, so that a long one is refused with LUD-16's rule rather than a length.
        return fields.optionalString(LIGHTNING_ADDRESS, 1000);
    }

    private static Integer split(Fields fields) {
        Long split = fields.optionalLong("splitBitcoinPercentage", 0, 100);
        return split == null ? null : split.intValue();
    }
}
