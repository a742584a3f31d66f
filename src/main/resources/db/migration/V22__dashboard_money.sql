-- The dashboard's shop view (issue 16). Its transactions list filtered by status pages newest first through this
-- index, reading one account's rows of that status and stopping after the page (transactions_status_seq reads every
-- account's, V19's index orders them by terminal first).
CREATE INDEX transactions_account_status_seq ON transactions (account_id, status, seq);
-- Its overview sums what the account received per day of the last month: a range of this index, which holds the
-- sums' column too, not all of the account's rows.
CREATE INDEX transactions_account_settled ON transactions (account_id, settled_at, received_msat);
