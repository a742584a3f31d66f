package till.error;

/**
 * A request Till refuses, with the HTTP status, a stable snake_case code, a sentence for humans and,
 * where one field is at fault, its name. Services throw it; the web layer turns it into JSON.
 */
public final class Problem extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public Problem(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static Problem badRequest(String code, String field, String message) {
        return new Problem(400, code, message, field);
    }

    public static Problem notFound(String code, String message) {
        return new Problem(404, code, message, null);
    }

    public static Problem forbidden(String message) {
        return new Problem(403, "forbidden", message, null);
    }

    public static Problem unauthorized(String message) {
        return new Problem(401, "unauthorized", message, null);
    }

    public int status() { return status; }

    public String code() { return code; }

    public String field() { return field; }
}
