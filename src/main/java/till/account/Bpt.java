package till.account;

/**
 * A bitcoin payment terminal: its id is a receive-only capability for its account. {@code currency} is the ISO 4217
 * code its POS keypad types amounts in, or null when it types satoshis; {@code lightningName} the local part of its
 * Lightning address (lower case), or null when it has none; {@code webhookUrl} and {@code webhookSecret} the webhook of
 * the invoices made by LNURL-pay (whose requests cannot name one), null for none.
 */
public record Bpt(String id, String accountId, String name, int splitBitcoinPercentage, String currency,
                  String lightningName, String webhookUrl, String webhookSecret) {}
