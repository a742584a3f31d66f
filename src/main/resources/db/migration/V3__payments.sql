-- Outgoing payments. A row is written as 'in_flight', together with its ledger reservation, and committed before
-- the node is asked to pay, so a crash at any point leaves a row that the resolver can finish with listpays.
-- payment_hash is unique across all accounts: the node pays a hash at most once, so at most one account may be
-- charged for it (the same account paying again gets its first payment back; concurrent attempts cannot both win).
CREATE TABLE payment (
    id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    account_id      VARCHAR(40)   NOT NULL REFERENCES account (id),
    payment_hash    CHAR(64)      NOT NULL UNIQUE,
    bolt11          VARCHAR(4000) NOT NULL,
    amount_msat     BIGINT        NOT NULL CHECK (amount_msat > 0),
    max_fee_msat    BIGINT        NOT NULL CHECK (max_fee_msat >= 0),
    fee_msat        BIGINT,
    status          VARCHAR(10)   NOT NULL CHECK (status IN ('in_flight', 'succeeded', 'failed')),
    internal        BOOLEAN       NOT NULL,
    preimage        CHAR(64),
    failure_reason  VARCHAR(500),
    created_at      BIGINT        NOT NULL,
    settled_at      BIGINT
);
CREATE INDEX payment_account ON payment (account_id, created_at);
CREATE INDEX payment_status ON payment (status, created_at);

-- Idempotency-Key: the first answer to a request, replayed for the same key and body. A row without a status is
-- a request still being answered. No foreign key: the key is claimed before the account is looked up, and a
-- request for an unknown account must end in a 404, not in a constraint error.
CREATE TABLE idempotency_key (
    account_id       VARCHAR(40)     NOT NULL,
    idempotency_key  VARCHAR(200)    NOT NULL,
    request_hash     CHAR(64)        NOT NULL,
    response_status  INT,
    response_body    VARCHAR(100000),
    created_at       BIGINT          NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
);
