package till.web;

import till.account.BptChange;
import till.fiat.Rates;

/** A terminal's settings as Till reads them, when it is made and when they change: each checked one way. */
final class BptFields {
    static final int MAX_NAME_LENGTH = 100;

    private BptFields() {}

    /**
     * All of a terminal's settings, as a new terminal's or the dashboard's settings form gives them: the name
     * required; the split null when absent (the default, or unchanged); no currency is satoshis.
     */
    static BptChange all(Fields fields, Rates rates) {
        return new BptChange(fields.requiredString("name", MAX_NAME_LENGTH), split(fields), true,
                CurrencyField.read(fields, rates));
    }

    /**
     * The settings a change gives, null where absent; a name given must not be blank. {@code toSats}: the request
     * sets the currency back to satoshis (JSON's {@code "currency": null}).
     */
    static BptChange given(Fields fields, boolean toSats, Rates rates) {
        String name = fields.optionalString("name", MAX_NAME_LENGTH) == null ? null
                : fields.requiredString("name", MAX_NAME_LENGTH);
        String currency = CurrencyField.read(fields, rates);
        return new BptChange(name, split(fields), toSats || currency != null, currency);
    }

    private static Integer split(Fields fields) {
        Long split = fields.optionalLong("splitBitcoinPercentage", 0, 100);
        return split == null ? null : split.intValue();
    }
}
