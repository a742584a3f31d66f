package till.error;

/**
 * Every error Till answers: its stable snake_case code (the {@code code} of the JSON and of a WebSocket's error
 * message), its HTTP status and a default sentence. This is the only place a code is spelled; openapi.json lists the
 * same codes (a test holds them equal). WebSocket-only codes carry the status an HTTP answer would have.
 */
public enum ErrorCode {
    BAD_REQUEST("bad_request", 400, "Till cannot read this request"),
    INVALID_JSON("invalid_json", 400, "The request body is not valid JSON"),
    INVALID_FIELD("invalid_field", 400, "A field has a value Till does not accept"),
    MISSING_FIELD("missing_field", 400, "A required field is missing"),
    BOLT11_INVALID("bolt11_invalid", 400, "Not a valid bolt11 invoice"),
    AMOUNT_REQUIRED("amount_required", 400, "This bolt11 has no amount: send amountMsat"),
    AMOUNT_MISMATCH("amount_mismatch", 400, "amountMsat differs from the bolt11's amount; leave it out"),
    UNSUPPORTED_CURRENCY("unsupported_currency", 400,
            "Till has no rate for this currency: use one its rate source prices, or BTC"),
    WEBHOOK_URL_NOT_ALLOWED("webhook_url_not_allowed", 400, "This URL points at an address Till does not call"),
    REFUND_ADDRESS_INVALID("refund_address_invalid", 400, "This is not a bitcoin address the node can send to"),
    REFUND_ADDRESS_WRONG_NETWORK("refund_address_wrong_network", 400,
            "This bitcoin address is of another network than the node's"),

    UNAUTHORIZED("unauthorized", 401, "Send an API key in the Authorization header"),

    FORBIDDEN("forbidden", 403, "This key may not do this"),
    KEY_NOT_ALLOWED("key_not_allowed", 403,
            "A receive key may only create and read invoices and charges; use the account's full key for this"),

    NOT_FOUND("not_found", 404, "No such invoice or transaction"),
    ACCOUNT_NOT_FOUND("account_not_found", 404, "No such account"),
    BPT_NOT_FOUND("bpt_not_found", 404, "No terminal (BPT) has this id"),
    PAYMENT_NOT_FOUND("payment_not_found", 404, "No such payment"),
    KEY_NOT_FOUND("key_not_found", 404, "This account has no such key"),
    REFUND_NOT_FOUND("refund_not_found", 404, "No such refund"),
    /** WebSocket {@code /invoice/{hash}/ws} only (closed 1008). */
    INVOICE_NOT_FOUND("invoice_not_found", 404, "No invoice has this hash"),
    NOT_IN_MEMPOOL("not_in_mempool", 404, "No transaction with this id waits in the simulated mempool"),

    METHOD_NOT_ALLOWED("method_not_allowed", 405, "This path does not take this method"),

    NO_WEBHOOK("no_webhook", 409, "This transaction has sent no webhook: it has no webhookUrl or is not paid"),
    INVOICE_ALREADY_PAID("invoice_already_paid", 409, "This invoice has already been paid"),
    CANNOT_PAY("cannot_pay", 409, "The simulated payer cannot pay this invoice"),
    CANNOT_REPLACE("cannot_replace", 409, "The simulated payer cannot replace this transaction: it does not signal"
            + " replaceability or is not the payer's"),
    IDEMPOTENCY_KEY_IN_PROGRESS("idempotency_key_in_progress", 409,
            "A request with this Idempotency-Key is still being answered; retry shortly"),
    IDEMPOTENCY_KEY_REUSED("idempotency_key_reused", 409,
            "This Idempotency-Key was used with a different request body"),
    PAYMENT_IN_FLIGHT("payment_in_flight", 409,
            "Another account is paying this bolt11 right now; it can be paid again only if that payment fails"),
    REDELIVERY_PENDING("redelivery_pending", 409,
            "This transaction's webhooks are already being redelivered; see GET /transaction/{id}/webhooks"),
    LIGHTNING_ADDRESS_TAKEN("lightning_address_taken", 409, "Another terminal has this Lightning address already"),
    LAST_FULL_KEY("last_full_key", 409, "This is the account's last full key: make another full key first,"
            + " or ask the operator (the admin key may revoke it)"),
    CHARGE_NOT_UNDERPAID("charge_not_underpaid", 409, "Only an underpaid charge can be refunded"),
    REFUND_NOT_CONFIRMED("refund_not_confirmed", 409,
            "What this charge received is not confirmed yet; ask for the refund once it is"),
    REFUND_OUTPUTS_UNAVAILABLE("refund_outputs_unavailable", 409,
            "The node cannot send what this charge received (spent, reserved, or not seen mined)"),
    BACKUP_WITH_PG_DUMP("backup_with_pg_dump", 409, "Till's database is PostgreSQL: back it up with pg_dump"
            + " (pg_dump --format=custom), not through Till; see the README"),

    BODY_TOO_LARGE("body_too_large", 413, "The request body is larger than Till accepts"),
    URI_TOO_LONG("uri_too_long", 414, "The request URI is longer than Till accepts"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, "Till does not take this Content-Type here"),

    INSUFFICIENT_BALANCE("insufficient_balance", 422, "The balance does not cover amount plus fee budget"),
    OWN_INVOICE("own_invoice", 422, "An account cannot pay its own invoice"),
    BOLT11_EXPIRED("bolt11_expired", 422, "The bolt11 has expired"),
    BOLT11_WRONG_NETWORK("bolt11_wrong_network", 422, "The bolt11 is for another network than the node's"),
    BOLT11_BAD_SIGNATURE("bolt11_bad_signature", 422, "The bolt11's signature is not valid"),
    REFUND_TOO_SMALL("refund_too_small", 422, "What this charge received does not cover the network fee of sending it back"),

    RATE_LIMITED("rate_limited", 429, "Too many requests; try again later"),
    HEADERS_TOO_LARGE("headers_too_large", 431, "The request headers are larger than Till accepts"),

    INTERNAL_ERROR("internal_error", 500, "Something went wrong inside Till; it has been logged"),
    NODE_ERROR("node_error", 502, "The Lightning node refused the request"),
    RATES_UNAVAILABLE("rates_unavailable", 503,
            "Till has no fresh exchange rate now, so it cannot price in this currency; try again shortly, or price in BTC"),
    NODE_UNREACHABLE("node_unreachable", 503, "The Lightning node cannot be reached; try again shortly"),
    /** WebSocket only (closed 1013, "try again later"): a cap on open sockets is full. */
    TOO_MANY_SOCKETS("too_many_sockets", 503, "Till has as many WebSockets open as it allows; try again later");

    private final String code;
    private final int status;
    private final String text;

    ErrorCode(String code, int status, String text) {
        this.code = code;
        this.status = status;
        this.text = text;
    }

    /** The snake_case code clients match on. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** The sentence sent when the refusal has no detail of its own. */
    public String text() {
        return text;
    }

    /**
     * The code of an error whose status alone is known (Jetty's and Javalin's own refusals): one per status, and the
     * general {@code bad_request} or {@code internal_error} for any other.
     */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> BODY_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 431 -> HEADERS_TOO_LARGE;
            default -> status < 500 ? BAD_REQUEST : INTERNAL_ERROR;
        };
    }
}
