-- 1. A failed payment no longer blocks its payment hash. V3 made payment_hash UNIQUE, so one account's failed attempt
-- kept every account (and the same one) from ever paying that bolt11. Now only a payment that is in flight or
-- succeeded blocks another: active_hash holds the payment hash while it is, and NULL once it failed. A UNIQUE column
-- admits any number of NULLs (H2 and PostgreSQL alike), so concurrent attempts still cannot both pay. The table is
-- rebuilt because H2 and PostgreSQL name V3's column constraint differently, so it cannot be dropped by name.
CREATE TABLE payment_v7 (
    id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    account_id      VARCHAR(40)   NOT NULL REFERENCES account (id),
    payment_hash    VARCHAR(64)   NOT NULL,
    active_hash     VARCHAR(64)   UNIQUE,
    bolt11          VARCHAR(4000) NOT NULL,
    amount_msat     BIGINT        NOT NULL CHECK (amount_msat > 0),
    max_fee_msat    BIGINT        NOT NULL CHECK (max_fee_msat >= 0),
    fee_msat        BIGINT,
    status          VARCHAR(10)   NOT NULL CHECK (status IN ('in_flight', 'succeeded', 'failed')),
    internal        BOOLEAN       NOT NULL,
    preimage        VARCHAR(64),
    failure_reason  VARCHAR(500),
    created_at      BIGINT        NOT NULL,
    settled_at      BIGINT,
    CHECK ((status = 'failed' AND active_hash IS NULL) OR (status <> 'failed' AND active_hash = payment_hash))
);
INSERT INTO payment_v7 (id, account_id, payment_hash, active_hash, bolt11, amount_msat, max_fee_msat, fee_msat, status,
                        internal, preimage, failure_reason, created_at, settled_at)
SELECT id, account_id, payment_hash, CASE WHEN status = 'failed' THEN NULL ELSE payment_hash END, bolt11, amount_msat,
       max_fee_msat, fee_msat, status, internal, preimage, failure_reason, created_at, settled_at
FROM payment;
DROP TABLE payment;
ALTER TABLE payment_v7 RENAME TO payment;
CREATE INDEX payment_hash ON payment (payment_hash, created_at);
CREATE INDEX payment_account ON payment (account_id, created_at);
CREATE INDEX payment_status ON payment (status, created_at);

-- 2. Idempotency keys expire: the purge finds them by age.
CREATE INDEX idempotency_key_age ON idempotency_key (created_at);

-- 3. Money the node received for an invoice Till had already settled another way (an internal payment of an older
-- Till, which left the node's invoice open): credited to the invoice's account, never dropped. A Core Lightning
-- invoice accepts one payment, so one row per invoice makes recording it idempotent (watcher replays, reconciliation).
CREATE TABLE unmatched_payment (
    id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    transaction_id  VARCHAR(40)   NOT NULL UNIQUE REFERENCES transactions (id),
    account_id      VARCHAR(40)   NOT NULL REFERENCES account (id),
    payment_hash    VARCHAR(64)   NOT NULL,
    pay_index       BIGINT,
    amount_msat     BIGINT        NOT NULL CHECK (amount_msat >= 0),
    paid_at         BIGINT        NOT NULL,
    recorded_at     BIGINT        NOT NULL
);
CREATE INDEX unmatched_payment_recorded ON unmatched_payment (recorded_at);
