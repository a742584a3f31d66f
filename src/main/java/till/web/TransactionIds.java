package till.web;

import java.util.regex.Pattern;
import till.error.ErrorCode;
import till.error.Problem;

/**
 * The {@code {id}} of {@code /transaction/{id}}: the Transaction's public id, a positive integer written plainly (no
 * sign, no leading zero, so each transaction has one URL). Anything else, such as the UUID an older Till gave, is
 * not found like an unknown id, with a sentence that says what an id looks like now.
 */
final class TransactionIds {
    private static final Pattern DECIMAL = Pattern.compile("[1-9][0-9]{0,18}");

    private TransactionIds() {}

    static long parse(String text) {
        if (DECIMAL.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException beyondLong) {
                // 19 digits above Long.MAX_VALUE: no transaction has it
            }
        }
        throw Problem.of(ErrorCode.NOT_FOUND, "No such transaction: a transaction id is a positive integer, the id field"
                + " of the Transaction (an invoice is also found by its invoiceHash at /invoice/from-hash/{invoiceHash})");
    }
}
