-- An account may have several API keys, each of a kind: 'full' does everything the account may (pay, manage
-- terminals and keys); 'receive' only creates and reads invoices and charges, for a shop's plugin that keeps its key
-- in the shop's own database. Keys are stored as their SHA-256, as before.
CREATE TABLE api_key (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    account_id    VARCHAR(40)  NOT NULL REFERENCES account (id),
    kind          VARCHAR(10)  NOT NULL CHECK (kind IN ('full', 'receive')),
    -- At most 100 code points (checked at the edge); 200 UTF-16 units, what H2 counts, hold any 100.
    label         VARCHAR(200),
    key_hash      VARCHAR(64)  NOT NULL UNIQUE,
    created_at    BIGINT       NOT NULL,
    -- Noted at most once a minute per key (see ApiKeys), so it is accurate to a minute.
    last_used_at  BIGINT
);
CREATE INDEX api_key_account ON api_key (account_id, created_at);

-- Each account's key so far becomes its full key, made when the account was. Its id is the account's: unique,
-- since each account had exactly one key, and computable in portable SQL.
INSERT INTO api_key (id, account_id, kind, label, key_hash, created_at)
    SELECT id, id, 'full', NULL, api_key_hash, created_at FROM account;

ALTER TABLE account DROP COLUMN api_key_hash;
