package till.account;

import java.time.Instant;

/** One of an account's API keys, as listed: never the key itself, which exists in clear only when it is made. */
public record ApiKey(String id, KeyKind kind, String label, Instant createdAt, Instant lastUsedAt) {}
