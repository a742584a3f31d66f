package till.web;

import till.account.BptChange;
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
     * address none.
     */
    static BptChange all(Fields fields, Rates rates) {
        String webhookUrl = WebhookFields.url(fields);
        // The dashboard's form has no webhook: a form saved there keeps the one the API set.
        return new BptChange(fields.requiredString("name", MAX_NAME_LENGTH), split(fields), true,
                CurrencyField.read(fields, rates), true, lightningName(fields), webhookUrl != null, webhookUrl,
                WebhookFields.secret(fields));
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
                WebhookFields.secret(fields));
    }

    /** The local part of the Lightning address (before the @), in lower case; null when absent or empty. */
    private static String lightningName(Fields fields) {
        return LightningName.check(LIGHTNING_ADDRESS, givenAddress(fields));
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
