-- The receiver's host of each webhook, as the sender will connect to it, so the dispatcher can pass over hosts
-- that already have their share of senders (TILL_WEBHOOK_MAX_PER_HOST) and a slow receiver delays only itself.
-- Deliveries queued before this column existed keep NULL and are sent without the per-host limit.
ALTER TABLE webhook_delivery ADD COLUMN host VARCHAR(255);

-- A manual redelivery while it is pending carries its webhook id here, and the unique index allows one at a time
-- per webhook id, even when several Till processes are asked at once. Cleared when the delivery leaves 'pending'.
ALTER TABLE webhook_delivery ADD COLUMN pending_redelivery VARCHAR(60);
CREATE UNIQUE INDEX webhook_delivery_one_redelivery ON webhook_delivery (pending_redelivery);
