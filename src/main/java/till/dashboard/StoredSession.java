package till.dashboard;

import java.time.Instant;

/** A session's row as read; {@code adminKeyCheck} names the admin key of an operator's session (null for a shop's). */
record StoredSession(String id, String accountId, String adminKeyCheck, String csrfToken, Instant lastSeenAt,
                     Instant expiresAt) {}
