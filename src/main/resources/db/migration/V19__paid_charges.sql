-- GET /v1/charges lists an account's paid charges, newest first, a page at a time (OpenNode's "paid charges"): this
-- index finds them among the account's invoices without reading its terminals' invoices or its unpaid charges.
CREATE INDEX transactions_account_status_bpt_seq ON transactions (account_id, status, bpt_id, seq);
