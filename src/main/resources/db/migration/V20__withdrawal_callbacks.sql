-- OpenNode's withdrawal callbacks (issue 15): where a withdrawal (an outgoing payment) posts its end, written with the
-- payment when it opens. hashed_order is hex HMAC-SHA256(the API key that made the withdrawal, its id), as OpenNode
-- signs it: the key itself is never stored.
CREATE TABLE withdrawal_callback (
    payment_id    VARCHAR(40)   NOT NULL PRIMARY KEY REFERENCES payment (id),
    callback_url  VARCHAR(2048) NOT NULL,
    hashed_order  CHAR(64)      NOT NULL
);
