package till.web;

import java.nio.charset.StandardCharsets;
import till.error.ErrorCode;
import till.error.Problem;

/**
 * What a text field may hold. Lengths count UTF-16 units, the unit of H2's VARCHAR columns (an emoji is two), so a
 * value that passes fits its column; PostgreSQL counts code points, never more. Control and format characters are
 * refused: they end up in bolt11 descriptions that wallets show, in pages and in logs, where CR/LF forge lines and
 * bidirectional overrides (U+202E) reverse what a payer reads. The joiners U+200C and U+200D stay allowed: emoji
 * sequences and several scripts need them, and they reorder nothing.
 */
final class TextChecks {
    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private TextChecks() {}

    /** The value if it fits {@code maxLength} UTF-16 units and holds no refused character; null stays null. */
    static String check(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be at most " + maxLength
                    + " characters (UTF-16 code units: an emoji counts as two)");
        }
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (refused(c)) {
                throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must not contain control, format or "
                        + "unpaired surrogate characters (" + String.format("U+%04X", c) + " at position " + i + ")");
            }
            i += Character.charCount(c);
        }
        return value;
    }

    /** The value if its UTF-8 encoding has at most {@code maxBytes} bytes (BOLT #11 and Core Lightning count bytes). */
    static String checkUtf8Bytes(String field, String value, int maxBytes) {
        if (value != null && value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw Problem.at(ErrorCode.INVALID_FIELD, field, field + " must be at most " + maxBytes
                    + " bytes in UTF-8 (the limit of a bolt11 description)");
        }
        return value;
    }

    private static boolean refused(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE -> true;
            case Character.FORMAT -> c != ZERO_WIDTH_NON_JOINER && c != ZERO_WIDTH_JOINER;
            default -> false;
        };
    }
}
