-- OpenNode-compatible charges. A charge is an invoice underneath (one row of transactions, made without a
-- terminal, hence bpt_id becomes optional); its status is the invoice's.
ALTER TABLE transactions ALTER COLUMN bpt_id DROP NOT NULL;

CREATE TABLE charge (
    id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    transaction_id  VARCHAR(40)   NOT NULL UNIQUE REFERENCES transactions (id),
    account_id      VARCHAR(40)   NOT NULL REFERENCES account (id),
    amount_sat      BIGINT        NOT NULL CHECK (amount_sat > 0),
    description     VARCHAR(500),
    order_id        VARCHAR(200),
    callback_url    VARCHAR(2048),
    success_url     VARCHAR(2048),
    auto_settle     BOOLEAN       NOT NULL,
    ttl_minutes     INT           NOT NULL,
    -- HMAC-SHA256(API key, charge id), computed when the charge is created: the raw key is never stored.
    hashed_order    CHAR(64)      NOT NULL,
    created_at      BIGINT        NOT NULL
);
CREATE INDEX charge_account ON charge (account_id, created_at);
