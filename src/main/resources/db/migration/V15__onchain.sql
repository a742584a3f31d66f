-- On-chain payments for charges (issue 14). A charge's address is a payment_request row of rail 'onchain' (reference:
-- the address), so the primary key (rail, reference) maps an output's address to its invoice.

-- An output (txid:vout) that was replaced (RBF), conflicted or double-spent counts nothing: state 'replaced'. Its
-- block height (the node's, while it is confirmed) gives its depth after it is spent; settled_at is when it confirmed.
-- V13's CHECK is inline and has no portable name, so the column is replaced.
ALTER TABLE incoming_payment ADD COLUMN state_v15 VARCHAR(10);
UPDATE incoming_payment SET state_v15 = state;
ALTER TABLE incoming_payment DROP COLUMN state;
ALTER TABLE incoming_payment RENAME COLUMN state_v15 TO state;
ALTER TABLE incoming_payment ALTER COLUMN state SET NOT NULL;
ALTER TABLE incoming_payment ADD CONSTRAINT incoming_payment_state CHECK (state IN ('pending', 'confirmed', 'replaced'));
ALTER TABLE incoming_payment ADD COLUMN block_height INT;
ALTER TABLE incoming_payment ADD COLUMN settled_at BIGINT;

-- An underpaid charge whose outputs went back to the payer.
ALTER TABLE transactions DROP CONSTRAINT transactions_status;
ALTER TABLE transactions ADD CONSTRAINT transactions_status
    CHECK (status IN ('unpaid', 'processing', 'underpaid', 'paid', 'expired', 'refunded'));

-- The outputs spent by the transactions that pay a charge and are not buried yet: a transaction seen later that spends
-- one of them (an RBF replacement, a double-spend, in the mempool or in a block) replaces them, also after a restart.
-- Small (only transactions paying charges, until deep), hence one index.
CREATE TABLE onchain_spend (
    outpoint  VARCHAR(80) NOT NULL,
    txid      VARCHAR(64) NOT NULL,
    PRIMARY KEY (outpoint, txid)
);

-- The last block the bitcoind peer showed, saved with what it changed: after a restart the peer catches up from it, so
-- a block mined while Till was down that double-spends a pending payment is seen (the node never lists that payment).
CREATE TABLE chain_cursor (
    name        VARCHAR(40) NOT NULL PRIMARY KEY,
    block_hash  VARCHAR(64)
);
INSERT INTO chain_cursor (name, block_hash) VALUES ('peer', NULL);
