-- H2 hands out identity values from a cache and writes the sequence's position to the file whenever the cache runs
-- out, in a commit of its own. With the default (32 values) that was one extra commit per 32 invoices, ledger rows and
-- webhook attempts, a sixth of the settlement writer's time. After a crash, values skip ahead to the next block, which
-- nothing depends on: these columns only order rows.
ALTER TABLE transactions ALTER COLUMN seq SET CACHE 1000;
ALTER TABLE ledger ALTER COLUMN id SET CACHE 1000;
ALTER TABLE webhook_attempt ALTER COLUMN id SET CACHE 1000;

-- GET /transactions?status=… pages newest first: with this index a page reads its rows and stops, instead of every
-- row of that status (the query orders by status too, so H2 walks the index backwards).
CREATE INDEX transactions_status_seq ON transactions (status, seq);
