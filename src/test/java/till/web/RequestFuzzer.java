package till.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Generates malformed requests against every route of {@link Api} and {@code PageRoutes}: random and broken JSON,
 * wrong types, huge numbers, unicode, oversized bodies, bad bolt11s, bad, missing and foreign keys, bad path
 * parameters. A request that carries a key allowed to write (or needs none) always has at least one field that
 * must be refused, so no generated request may change anything.
 */
final class RequestFuzzer {
    /** What is known of the server: two accounts with their keys and ids, and A's invoice and charge. */
    record Known(String adminKey, String accountA, String keyA, String bptA, String accountB, String keyB, String bptB,
                 String invoiceIdA, String hashA, String bolt11A, String chargeIdA, List<String> badBolt11s) {}

    /** One request; {@code page} marks the HTML pages, which answer HTML rather than JSON. */
    record Request(String method, String path, String body, String key, String idempotencyKey, boolean page) {
        @Override
        public String toString() {
            return method + " " + (path.length() > 200 ? path.substring(0, 200) + "…" : path) + " key="
                    + (key == null ? "none" : key.length() > 20 ? key.substring(0, 20) + "…" : key) + " body="
                    + (body == null ? "none" : body.length() > 300 ? body.substring(0, 300) + "… (" + body.length() + " chars)" : body);
        }
    }

    private static final List<String> REQUIRED = List.of("name", "bptId", "bolt11", "amount");
    private static final List<String> WRONG_TYPES = List.of("true", "[]", "{}", "[1, 2]", "{\"a\": {\"b\": []}}");
    private static final List<String> BAD_URLS = List.of("\"javascript:alert(1)\"", "\"ftp://x/y\"", "\"http://\"",
            "\"https://" + "a".repeat(3000) + "\"", "\"ht tp://x\"", "42");
    private static final String[] UNICODE = {"é", "日本語", "🧾⚡", "\u202Eevil", "a\u0301", "\uFEFF", "𝕏", "ß", "\u0000", "\\u0000"};

    private final Random random;
    private final Known known;

    RequestFuzzer(long seed, Known known) {
        this.random = new Random(seed);
        this.known = known;
    }

    Request next() {
        return switch (random.nextInt(25)) {
            case 0 -> write("POST", "/accounts", () -> breakOne(List.of("name"), "feePpm"));
            case 1 -> read("GET", "/accounts");
            case 2 -> read("GET", "/accounts/" + param(known.accountA(), known.accountB()));
            case 3 -> write("POST", "/accounts/" + param(known.accountA(), known.accountB()) + "/bpts",
                    () -> breakOne(List.of("name"), "splitBitcoinPercentage"));
            case 4 -> read("GET", "/accounts/" + param(known.accountA(), known.accountB()) + "/bpts");
            case 5 -> new Request("POST", "/invoice/add", brokenBody(() -> breakOne(List.of("bptId", "amountMsat", "tag", "webhookUrl"),
                    "expiration")), key(), null, false);
            case 6 -> read("GET", "/transaction/" + param(known.invoiceIdA(), known.hashA()));
            case 7 -> read("GET", "/transaction/" + param(known.invoiceIdA(), known.chargeIdA()) + "/webhooks");
            case 8 -> new Request("POST", "/transaction/" + param(known.invoiceIdA(), known.bptA()) + "/webhooks/redeliver",
                    maybeBody(), key(), null, false); // A's invoice is unpaid and has no webhook: 409 at most
            case 9 -> read("GET", "/invoice/from-hash/" + param(known.hashA(), known.invoiceIdA()));
            case 10 -> read("GET", "/invoice/from-bolt11/" + param(known.bolt11A(), pick(known.badBolt11s())));
            case 11 -> read("GET", "/transactions?" + query());
            case 12 -> read("GET", "/invoice/" + param(known.hashA(), known.bolt11A()) + "/status");
            case 13 -> new Request("POST", "/invoice/pay", brokenBody(() -> breakOne(List.of("bolt11", "amountMsat", "maxFeeMsat"),
                    "accountId")), key(), random.nextBoolean() ? null : headerText(300), false);
            case 14 -> write("POST", "/invoice/decode", () -> breakOne(List.of("bolt11"), null));
            case 15 -> read("GET", "/payment/" + param(known.hashA(), TestHex.of(random)));
            case 16 -> write("POST", "/v1/charges", () -> breakOne(List.of("amount", "currency", "callback_url", "ttl"), "description"));
            case 17 -> read("GET", (random.nextBoolean() ? "/v1/charge/" + param(known.chargeIdA(), known.invoiceIdA()) : "/v1/charges"));
            case 18 -> new Request("GET", (random.nextBoolean() ? "/checkout/" : "/pos/") + badParam(), null, key(), null, true);
            case 19 -> read("GET", "/invoice/" + param(known.hashA(), known.invoiceIdA()) + (random.nextBoolean() ? "/qr.svg" : "/qr.png"));
            case 20 -> new Request("POST", "/simulator/pay/" + param(known.hashA(), known.invoiceIdA()),
                    breakOne(List.of("amountMsat"), null), key(), null, false);
            case 21 -> write("POST", "/accounts/" + param(known.accountA(), known.accountB()) + "/keys",
                    () -> breakOne(List.of("kind"), "label"));
            case 22 -> read("GET", "/accounts/" + param(known.accountA(), known.accountB()) + "/keys");
            // No real key id is ever known here, so no key can be revoked.
            case 23 -> new Request("DELETE", "/accounts/" + param(known.accountA(), known.accountB()) + "/keys/" + badParam(),
                    maybeBody(), key(), null, false);
            default -> new Request(pick(List.of("PUT", "DELETE", "PATCH", "GET", "POST")), "/" + badParam() + "/" + badParam(),
                    maybeBody(), key(), null, false);
        };
    }

    private Request read(String method, String path) {
        return new Request(method, path, random.nextInt(5) == 0 ? garbageBody() : null, key(), null, false);
    }

    private Request write(String method, String path, Supplier<String> brokenObject) {
        return new Request(method, path, brokenBody(brokenObject), key(), null, false);
    }

    private String maybeBody() {
        return random.nextBoolean() ? null : garbageBody();
    }

    /** Either structurally bad JSON or an object with one field that must be refused. */
    private String brokenBody(Supplier<String> brokenObject) {
        return random.nextInt(3) == 0 ? garbageBody() : brokenObject.get();
    }

    /** A JSON object with valid-looking fields, one of {@code mustFail} broken, junk fields beside. */
    private String breakOne(List<String> mustFail, String optional) {
        StringBuilder json = new StringBuilder("{");
        String broken = pick(mustFail);
        List<String> parts = new ArrayList<>();
        for (String field : List.of("name", "bptId", "accountId", "amountMsat", "amount", "bolt11", "tag", "webhookUrl",
                "currency", "callback_url", "ttl", "maxFeeMsat", "feePpm", "splitBitcoinPercentage", "expiration", "kind", "label")) {
            if (field.equals(broken)) {
                String bad = badValue(field);
                if (bad != null) {
                    parts.add(quote(field) + ": " + bad);
                }
            } else if (mustFail.contains(field) || field.equals(optional) || random.nextInt(4) == 0) {
                parts.add(quote(field) + ": " + goodValue(field));
            }
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            parts.add(quote(text(1, 20)) + ": " + randomJson(3));
        }
        java.util.Collections.shuffle(parts, random);
        json.append(String.join(", ", parts)).append('}');
        return json.toString();
    }

    /** A value that passes the field's check (a whole request is still refused by the broken field). */
    private String goodValue(String field) {
        return switch (field) {
            case "amountMsat", "amount", "maxFeeMsat", "feePpm" -> Long.toString(1 + random.nextInt(5000));
            case "splitBitcoinPercentage" -> Integer.toString(random.nextInt(101));
            case "ttl" -> Integer.toString(1 + random.nextInt(1000));
            case "expiration" -> Long.toString(random.nextLong());
            case "bptId" -> quote(random.nextBoolean() ? known.bptA() : known.bptB());
            case "accountId" -> quote(random.nextBoolean() ? known.accountA() : known.accountB());
            case "bolt11" -> quote(pick(known.badBolt11s()));
            case "webhookUrl", "callback_url" -> quote("https://shop.example/hook");
            case "currency" -> quote("BTC");
            default -> quote(text(1, 30));
        };
    }

    /** A value the field must refuse; null means leave the field out (only for fields that are required everywhere). */
    private String badValue(String field) {
        if (random.nextInt(6) == 0) {
            return REQUIRED.contains(field) ? null : pick(WRONG_TYPES);
        }
        return switch (field) {
            // Each fails every numeric field: not an integer, below 0, or above 2.1e18 msat (2.1e15 sat, 10,080 min...).
            case "amountMsat", "maxFeeMsat", "feePpm", "splitBitcoinPercentage" -> pick(List.of("\"1000\"", "1e3", badNumber()));
            // OpenNode's charge fields are lenient, as OpenNode is: "1000" and 1e3 are numbers there, "1000.5" is not whole.
            case "amount", "ttl" -> pick(List.of("\"1000.5\"", "\"-5\"", badNumber()));
            case "tag" -> pick(List.of(quote("t".repeat(51)), quote("🧾".repeat(51)), "5", "[\"x\"]"));
            case "webhookUrl" -> pick(List.of(quote("http://127.0.0.1:9/x"), quote("http://169.254.169.254/latest"),
                    quote("http://[::1]/x"), pick(BAD_URLS)));
            case "callback_url" -> pick(BAD_URLS);
            // Not BTC, SATS or an ISO 4217 code (USD is a price in dollars now).
            case "currency" -> pick(List.of(quote("XYZ"), quote("€"), "1", quote("US")));
            case "bolt11" -> pick(List.of(quote(pick(known.badBolt11s())), quote(text(0, 200)), "12", quote(""),
                    quote(known.bolt11A().substring(0, known.bolt11A().length() / 2)), quote("x".repeat(5000))));
            case "bptId" -> pick(List.of(quote(text(1, 100)), quote(""), quote("   "), "12", quote(TestHex.of(random)),
                    quote(known.bptA() + "x"), quote("x".repeat(101))));
            default -> pick(List.of(quote(""), quote("  "), "12", quote("n".repeat(101)), quote("🧾".repeat(101))));
        };
    }

    /** A value no whole-number field takes, strict or lenient. */
    private String badNumber() {
        return pick(List.of("1000.5", "-5", "-9223372036854775809", "99999999999999999999999999", "1" + "0".repeat(400),
                "0.0", "NaN", quote(pick(List.of(UNICODE))), "2100000000000000001", pick(WRONG_TYPES)));
    }

    /** Bodies that are not a JSON object at all, or too big, too deep, too long a number. */
    private String garbageBody() {
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> randomJson(4);
            case 2 -> "{\"a\": " + "[".repeat(3000) + "]".repeat(3000) + "}";
            case 3 -> "{\"amountMsat\": " + "9".repeat(2000) + "}";
            case 4 -> "{\"x\": \"" + "y".repeat(70_000) + "\"}";
            case 5 -> text(1, 400);
            case 6 -> "{\"bptId\": \"" + known.bptA() + "\", \"amountMsat\": 1000";
            case 7 -> "[" + randomJson(2) + "]";
            case 8 -> "{\"a\": 1} trailing";
            default -> new String(randomBytes(random.nextInt(300)), StandardCharsets.ISO_8859_1);
        };
    }

    private String randomJson(int depth) {
        int kind = depth == 0 ? random.nextInt(5) : random.nextInt(7);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> Boolean.toString(random.nextBoolean());
            case 2 -> pick(List.of(Long.toString(random.nextLong()), "1e308", "-0", "3.14", "1" + "0".repeat(50)));
            case 3, 4 -> quote(text(0, 40));
            case 5 -> {
                List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(randomJson(depth - 1));
                }
                yield "[" + String.join(",", items) + "]";
            }
            default -> {
                List<String> fields = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    fields.add(quote(text(0, 10)) + ":" + randomJson(depth - 1));
                }
                yield "{" + String.join(",", fields) + "}";
            }
        };
    }

    /** A key: none, blank, garbage, unicode, very long, foreign, or one of the real ones. */
    private String key() {
        return switch (random.nextInt(9)) {
            case 0 -> null;
            case 1 -> "Bearer ";
            case 2 -> headerText(80);
            case 3 -> "Bearer " + "k".repeat(5000);
            case 4 -> known.adminKey();
            case 5 -> "Bearer " + known.keyA();
            case 6 -> known.keyB();
            case 7 -> known.keyA() + "x";
            default -> known.keyA();
        };
    }

    /** A path parameter: the right id, a foreign one, or junk. */
    private String param(String right, String foreign) {
        return switch (random.nextInt(4)) {
            case 0 -> encode(right);
            case 1 -> encode(foreign);
            default -> badParam();
        };
    }

    private String badParam() {
        return encode(switch (random.nextInt(9)) {
            case 0 -> text(1, 60);
            case 1 -> "9".repeat(400);
            case 2 -> "-1";
            case 3 -> "../../etc/passwd";
            case 4 -> TestHex.of(random);
            case 5 -> "x".repeat(2000);
            case 6 -> pick(List.of(UNICODE));
            case 7 -> pick(known.badBolt11s());
            default -> known.bptA().toUpperCase() + "'; DROP TABLE ledger; --";
        });
    }

    private String query() {
        List<String> parts = new ArrayList<>();
        for (String name : List.of("bpt_id", "status", "limit", "after")) {
            if (random.nextBoolean()) {
                parts.add(name + "=" + encode(pick(List.of(text(0, 30), "-3", "0", "501", "9".repeat(40), "paid", "PAID",
                        "1.5", "", pick(List.of(UNICODE))))));
            }
        }
        return String.join("&", parts);
    }

    private String text(int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(switch (random.nextInt(4)) {
                case 0 -> pick(List.of(UNICODE));
                case 1 -> (char) (0x20 + random.nextInt(0x5f));
                case 2 -> pick(List.of("\"", "\\", "{", "}", "%", "'", "<script>", "\n"));
                default -> (char) ('a' + random.nextInt(26));
            });
        }
        return text.toString();
    }

    private String headerText(int max) {
        return text(1, max).replaceAll("[^\\x21-\\x7e]", "k");
    }

    /** Query parameters of the invoice WebSocket with one refused, and the codes its refusal may carry. */
    record SocketQuery(String query, Set<String> codes) {}

    SocketQuery invoiceSocketQuery() {
        String broken = pick(List.of("bpt_id", "amount_msat", "tag", "webhook_url"));
        StringBuilder query = new StringBuilder();
        for (String name : List.of("bpt_id", "amount_msat", "tag", "webhook_url")) {
            String value = switch (name) {
                case "bpt_id" -> name.equals(broken) ? pick(List.of("", TestHex.of(random), text(1, 100), "x".repeat(101))) : known.bptA();
                case "amount_msat" -> name.equals(broken) ? pick(List.of("", "0", "-1", "1.5", "1e3", "9".repeat(30), "12abc", "🧾")) : "1000";
                case "tag" -> name.equals(broken) ? "t".repeat(51) : text(0, 20);
                default -> name.equals(broken) ? pick(List.of("javascript:x", "http://127.0.0.1/x", "http://")) : "";
            };
            query.append(query.length() == 0 ? "" : "&").append(name).append('=').append(encode(value));
        }
        Set<String> codes = switch (broken) {
            case "bpt_id" -> Set.of("missing_field", "invalid_field", "bpt_not_found"); // empty, too long, unknown
            case "amount_msat" -> Set.of("missing_field", "invalid_field");
            case "tag" -> Set.of("invalid_field");
            default -> Set.of("invalid_field", "webhook_url_not_allowed"); // not http(s), or a private address
        };
        return new SocketQuery(query.toString(), codes);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /** Percent-encodes everything but unreserved characters, so any text fits in a path or query. */
    static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 0x80 || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    /** Random 32-byte hex, the shape of a payment hash. */
    static final class TestHex {
        private TestHex() {}

        static String of(Random random) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return java.util.HexFormat.of().formatHex(bytes);
        }
    }
}
