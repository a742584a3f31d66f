-- A terminal's Lightning address (issue 18): the local part of <name>@<TILL_PUBLIC_URL's host>, or NULL for none.
-- Stored in lower case only, so the plain unique index makes names unique whatever case they are typed in (portable:
-- neither a functional index nor a case-insensitive collation is needed); several terminals may have none.
ALTER TABLE bpt ADD COLUMN lightning_name VARCHAR(64);
ALTER TABLE bpt ADD CONSTRAINT bpt_lightning_name_lower CHECK (lightning_name = LOWER(lightning_name));
CREATE UNIQUE INDEX bpt_lightning_name ON bpt (lightning_name);
-- The webhook of the invoices a terminal makes for payers who choose the amount themselves (LNURL-pay, its Lightning
-- address): no request names one there, so the terminal does; NULL for none.
ALTER TABLE bpt ADD COLUMN webhook_url VARCHAR(2048);
ALTER TABLE bpt ADD COLUMN webhook_secret VARCHAR(500);
