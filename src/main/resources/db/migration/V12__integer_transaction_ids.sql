-- The Transaction's public id becomes transactions.seq, a number as in IBEXPay (an identity column: unique and never
-- reused); the UUID in transactions.id stays the internal key. Webhook bodies are stored as sent, so the JSON ones
-- written before carry the UUID: they are rewritten to the number, so a webhook still queued, or redelivered later,
-- reads like every new one. Only the Transaction's own id is replaced: the body starts
-- {"secret":"…","transaction":{"id":"<uuid>", and a quote inside the secret string is always escaped, so this
-- pattern can only be the transaction's id. Form-encoded callbacks (OpenNode charges) carry the charge's id: unchanged.
UPDATE webhook_delivery
SET body = (SELECT REPLACE(webhook_delivery.body, '"transaction":{"id":"' || t.id || '"',
                           '"transaction":{"id":' || CAST(t.seq AS VARCHAR(20)))
            FROM transactions t
            WHERE t.id = webhook_delivery.transaction_id)
WHERE content_type = 'application/json'
  AND transaction_id IN (SELECT id FROM transactions);
