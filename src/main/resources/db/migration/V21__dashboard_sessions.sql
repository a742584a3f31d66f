-- Dashboard sessions (issue 16), kept server-side so that each can be ended: by signing out, by its expiry, or by
-- revoking the API key that signed it in (the foreign key's cascade deletes its sessions in the revocation's own
-- transaction). The cookie carries a random 256-bit secret; only its SHA-256 is stored, as for API keys.
-- account_id and key_id are null for the operator, whose session names the admin key by admin_key_check (the SHA-256
-- of the admin key's stored hash): a rotated admin key ends the sessions the old one opened.
CREATE TABLE dashboard_session (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    secret_hash   VARCHAR(64)  NOT NULL UNIQUE,
    account_id    VARCHAR(40)  REFERENCES account (id),
    key_id        VARCHAR(40)  REFERENCES api_key (id) ON DELETE CASCADE,
    admin_key_check VARCHAR(64),
    csrf_token    VARCHAR(64)  NOT NULL,
    created_at    BIGINT       NOT NULL,
    -- Written at most once a minute per session (see DashboardSessions), for the idle timeout.
    last_seen_at  BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL,
    revoked       BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX dashboard_session_expiry ON dashboard_session (expires_at);
