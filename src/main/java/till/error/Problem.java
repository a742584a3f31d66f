package till.error;

/**
 * A request Till refuses: an entry of the {@link ErrorCode} catalogue (status and code), a sentence for humans (the
 * entry's default unless this refusal has detail to add) and, where one field is at fault, its name. Services throw
 * it; the web layer turns it into JSON.
 */
public final class Problem extends RuntimeException {
    private final ErrorCode error;
    private final String field;

    private Problem(ErrorCode error, String message, String field) {
        super(message);
        this.error = error;
        this.field = field;
    }

    /** The entry's default sentence, no field. */
    public static Problem of(ErrorCode error) {
        return new Problem(error, error.text(), null);
    }

    public static Problem of(ErrorCode error, String message) {
        return new Problem(error, message, null);
    }

    /** The entry's default sentence, about {@code field}. */
    public static Problem at(ErrorCode error, String field) {
        return new Problem(error, error.text(), field);
    }

    public static Problem at(ErrorCode error, String field, String message) {
        return new Problem(error, message, field);
    }

    /** The entry's default sentence, then {@code detail}: what exactly was wrong. */
    public static Problem detailed(ErrorCode error, String field, String detail) {
        return new Problem(error, error.text() + ": " + detail, field);
    }

    public ErrorCode error() { return error; }

    public int status() { return error.status(); }

    public String code() { return error.code(); }

    public String field() { return field; }
}
