-- PostgreSQL caches identity values per connection, not per database as H2 does: with V5's and V13's CACHE 1000 two
-- pooled connections would hand out numbers a thousand apart, and a newer invoice could get a smaller seq than an older
-- one (lists are ordered by seq, newest first). One at a time keeps the numbers in the order they were given.
ALTER TABLE transactions ALTER COLUMN seq SET CACHE 1;
ALTER TABLE ledger ALTER COLUMN id SET CACHE 1;
ALTER TABLE webhook_attempt ALTER COLUMN id SET CACHE 1;
ALTER TABLE incoming_payment ALTER COLUMN id SET CACHE 1;
