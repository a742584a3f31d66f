-- Refunds of underpaid on-chain charges (OpenNode's POST /v1/refunds): the node sends the charge's own outputs back
-- to the payer's address. One per charge, enforced here, so two requests at once cannot both send.
CREATE TABLE refund (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    charge_id     VARCHAR(40)  NOT NULL,
    account_id    VARCHAR(40)  NOT NULL REFERENCES account (id),
    address       VARCHAR(100) NOT NULL,
    email         VARCHAR(200),
    -- What the charge's outputs held, all of it sent (the network fee comes out of it).
    amount_sat    BIGINT       NOT NULL CHECK (amount_sat > 0),
    -- pending: the node is being asked to send it; sent: it broadcast txid.
    status        VARCHAR(10)  NOT NULL CHECK (status IN ('pending', 'sent')),
    txid          VARCHAR(64),
    created_at    BIGINT       NOT NULL,
    processed_at  BIGINT,
    CONSTRAINT refund_one_per_charge UNIQUE (charge_id)
);
-- After the unique constraint, so that H2 backs the key with its index instead of making another.
ALTER TABLE refund ADD CONSTRAINT refund_charge FOREIGN KEY (charge_id) REFERENCES charge (id);
CREATE INDEX refund_account ON refund (account_id, created_at);
