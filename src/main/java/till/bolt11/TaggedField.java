package till.bolt11;

/**
 * One tagged field of an invoice. {@code value} holds the field's data as bech32 characters, exactly as
 * written, so records compare by value and fields this code does not interpret re-encode unchanged.
 */
public record TaggedField(char type, String value) {

    /** data_length is two 5-bit groups. */
    static final int MAX_LENGTH = 1023;

    public TaggedField {
        if (Bech32.CHARSET.indexOf(type) < 0) {
            throw new IllegalArgumentException("field type must be a bech32 character: " + type);
        }
        Bech32.fromChars(value);
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("field '" + type + "' is longer than " + MAX_LENGTH + " groups");
        }
    }

    public static TaggedField ofGroups(char type, byte[] groups) {
        return new TaggedField(type, Bech32.toChars(groups));
    }

    public static TaggedField ofBytes(char type, byte[] bytes) {
        return ofGroups(type, Bech32.toFiveBit(bytes));
    }

    /** An unsigned number in as few groups as possible, as writers should use. */
    public static TaggedField ofNumber(char type, long number) {
        if (number < 0) {
            throw new IllegalArgumentException("field '" + type + "' cannot hold a negative number");
        }
        return ofGroups(type, Bech32.fromNumber(number, (64 - Long.numberOfLeadingZeros(number) + 4) / 5));
    }

    /** data_length: the number of 5-bit groups. */
    public int length() {
        return value.length();
    }

    public byte[] groups() {
        return Bech32.fromChars(value);
    }

    public byte[] bytes() {
        return Bech32.toBytes(groups());
    }

    /** The value as a big-endian unsigned number; 12 groups (60 bits) is far beyond any sane expiry or CLTV. */
    public long number() {
        if (length() > 12) {
            throw new Bolt11Exception("field '" + type + "' is too long for a number: " + length() + " groups");
        }
        return Bech32.toNumber(groups());
    }
}
