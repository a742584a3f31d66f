-- Money that reached an invoice after its credit is credited as unmatched, on either rail (issue 14, "never lose a satoshi").

-- 1. An on-chain output is credited: counted in its invoice's credit (written with it, in the same transaction) or
-- credited as an unmatched payment. An on-chain output that confirms later, after the credit, is not: it becomes an
-- unmatched payment. Outputs confirmed before this migration for invoices credited already are taken as counted (the
-- credit summed them); those still pending become unmatched payments when they confirm.
ALTER TABLE incoming_payment ADD COLUMN credited BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE incoming_payment SET credited = TRUE
WHERE rail = 'onchain' AND state = 'confirmed' AND transaction_id IN (SELECT id FROM transactions WHERE received_msat IS NOT NULL);

-- 2. An unmatched payment names its rail and the rail's reference (Lightning: the pay_index; on-chain: txid:vout), unique
-- together, so recording one is idempotent. An invoice may have several (V7 allowed one per invoice: a node invoice is
-- paid once, an address is not). The table is rebuilt: V7's UNIQUE on transaction_id is inline, named differently by
-- H2 and PostgreSQL.
CREATE TABLE unmatched_payment_v17 (
    id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    transaction_id  VARCHAR(40)   NOT NULL REFERENCES transactions (id),
    account_id      VARCHAR(40)   NOT NULL REFERENCES account (id),
    payment_hash    VARCHAR(64)   NOT NULL,
    rail            VARCHAR(20)   NOT NULL CHECK (rail IN ('lightning', 'onchain')),
    reference       VARCHAR(100)  NOT NULL,
    pay_index       BIGINT,
    amount_msat     BIGINT        NOT NULL CHECK (amount_msat >= 0),
    paid_at         BIGINT        NOT NULL,
    recorded_at     BIGINT        NOT NULL,
    CONSTRAINT unmatched_payment_reference UNIQUE (rail, reference)
);
INSERT INTO unmatched_payment_v17 (id, transaction_id, account_id, payment_hash, rail, reference, pay_index, amount_msat,
                                   paid_at, recorded_at)
SELECT id, transaction_id, account_id, payment_hash, 'lightning',
       CASE WHEN pay_index IS NULL THEN 'migrated:' || id ELSE CAST(pay_index AS VARCHAR(20)) END, pay_index, amount_msat,
       paid_at, recorded_at
FROM unmatched_payment;
DROP TABLE unmatched_payment;
ALTER TABLE unmatched_payment_v17 RENAME TO unmatched_payment;
CREATE INDEX unmatched_payment_recorded ON unmatched_payment (recorded_at);
