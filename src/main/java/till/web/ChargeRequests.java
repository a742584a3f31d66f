package till.web;

import java.math.BigDecimal;
import java.util.regex.Pattern;
import till.charge.NewCharge;
import till.error.ErrorCode;
import till.error.Problem;
import till.fiat.Currencies;
import till.invoice.InvoiceOrder;

/**
 * Reads an OpenNode charge request as OpenNode does, leniently (its plugins send numbers as strings and back): with
 * {@code currency} absent, BTC or SATS, {@code amount} is whole satoshis; with an ISO 4217 code, a decimal amount in that
 * currency, rounded to its minor units. ttl in minutes; {@code metadata} a JSON object, {@code notif_email} an address.
 */
final class ChargeRequests {
    /** What the charge table keeps of metadata (its compact JSON text) and of an e-mail address (RFC 5321's limit). */
    static final int MAX_METADATA_LENGTH = 4000;
    static final int MAX_EMAIL_LENGTH = 254;
    /** Lightly: something@something, no spaces; the mailbox itself is the shop's business. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private ChargeRequests() {}

    static NewCharge read(JsonBody body) {
        String currency = body.optionalString("currency", 10);
        boolean inBitcoin = currency == null || currency.equalsIgnoreCase("BTC") || currency.equalsIgnoreCase("SATS");
        String fiat = inBitcoin ? null : Currencies.iso(currency).orElseThrow(() -> Problem.at(ErrorCode.UNSUPPORTED_CURRENCY,
                "currency", "currency must be BTC, SATS or an ISO 4217 code such as USD"));
        BigDecimal amount = body.optionalDecimal("amount");
        if (amount == null) {
            throw Problem.at(ErrorCode.MISSING_FIELD, "amount", "amount is required");
        }
        Long ttl = body.optionalLong("ttl", 1, NewCharge.MAX_TTL_MINUTES);
        Boolean autoSettle = body.optionalBoolean("auto_settle");
        String description = TextChecks.checkUtf8Bytes("description", body.optionalString("description", 500),
                InvoiceOrder.MAX_DESCRIPTION_BYTES);
        return new NewCharge(inBitcoin ? satoshis(amount) : 0, fiat, inBitcoin ? null : fiatAmount(fiat, amount),
                description, body.optionalString("order_id", 200), body.optionalHttpUrl("callback_url"),
                body.optionalHttpUrl("success_url"), ttl == null ? NewCharge.DEFAULT_TTL_MINUTES : ttl.intValue(),
                autoSettle != null && autoSettle, body.optionalObjectText("metadata", MAX_METADATA_LENGTH),
                email(body.optionalString("notif_email", MAX_EMAIL_LENGTH)));
    }

    /** Whole satoshis; a plugin's "1250000.00000000" is whole too. */
    private static long satoshis(BigDecimal amount) {
        BigDecimal whole = amount.stripTrailingZeros();
        if (whole.scale() > 0) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "amount", "amount is in whole satoshis unless currency names a "
                    + "fiat currency (such as USD)");
        }
        long max = InvoiceRequests.MAX_AMOUNT_MSAT / 1000;
        if (whole.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw Fields.outOfRange("amount", 1, max);
        }
        return whole.longValueExact();
    }

    /** The amount at the currency's minor units (12.505 USD is 12.51), refused when that leaves nothing to pay. */
    private static BigDecimal fiatAmount(String currency, BigDecimal amount) {
        BigDecimal rounded = Currencies.inMinorUnits(currency, amount);
        if (rounded.signum() <= 0) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "amount", "amount is less than the smallest unit of " + currency);
        }
        return rounded;
    }

    private static String email(String address) {
        if (address != null && !EMAIL.matcher(address).matches()) {
            throw Problem.at(ErrorCode.INVALID_FIELD, "notif_email", "notif_email must be an e-mail address");
        }
        return address;
    }
}
