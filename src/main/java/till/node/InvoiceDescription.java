package till.node;

/**
 * What a bolt11 says its payment is for: {@code text} in its {@code d} field, or, when {@code hashOnly}, only the
 * SHA-256 of {@code text} in its {@code h} field (LNURL-pay's metadata: the wallet has the text already and checks the
 * hash; a hash also lifts the bolt11 field's 639-byte limit).
 */
public record InvoiceDescription(String text, boolean hashOnly) {
    public static InvoiceDescription shown(String text) {
        return new InvoiceDescription(text, false);
    }

    public static InvoiceDescription hashed(String text) {
        return new InvoiceDescription(text, true);
    }
}
