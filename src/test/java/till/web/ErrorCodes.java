package till.web;

import java.util.Map;
import java.util.Set;

/**
 * Which error codes each status may carry. Where the status alone decides the code (401, 403, 405, 413, 429…)
 * there is exactly one; a fuzzed request whose broken part is not known still gets a code of its status's kind.
 */
final class ErrorCodes {
    private static final Map<Integer, Set<String>> BY_STATUS = Map.ofEntries(
            Map.entry(400, Set.of("bad_request", "invalid_json", "invalid_field", "missing_field", "bolt11_invalid",
                    "amount_required", "amount_mismatch", "unsupported_currency", "webhook_url_not_allowed",
                    "refund_address_invalid", "refund_address_wrong_network")),
            Map.entry(401, Set.of("unauthorized")),
            Map.entry(403, Set.of("forbidden", "key_not_allowed")),
            Map.entry(404, Set.of("not_found", "account_not_found", "bpt_not_found", "payment_not_found", "key_not_found",
                    "refund_not_found", "not_in_mempool")),
            Map.entry(405, Set.of("method_not_allowed")),
            Map.entry(409, Set.of("no_webhook", "invoice_already_paid", "cannot_pay", "idempotency_key_in_progress",
                    "idempotency_key_reused", "payment_in_flight", "redelivery_pending", "last_full_key",
                    "charge_not_underpaid", "refund_not_confirmed", "refund_outputs_unavailable", "cannot_replace",
                    "backup_with_pg_dump")),
            Map.entry(413, Set.of("body_too_large")),
            Map.entry(414, Set.of("uri_too_long")),
            Map.entry(415, Set.of("unsupported_media_type")),
            Map.entry(422, Set.of("insufficient_balance", "own_invoice", "bolt11_expired", "bolt11_wrong_network",
                    "bolt11_bad_signature", "refund_too_small")),
            Map.entry(429, Set.of("rate_limited")),
            Map.entry(431, Set.of("headers_too_large")));

    private ErrorCodes() {}

    static boolean fits(int status, String code) {
        return BY_STATUS.getOrDefault(status, Set.of()).contains(code);
    }
}
