-- Prices in fiat (issue 15). An invoice priced in a currency keeps what it was priced at: the shop's amount and the
-- rate it was converted with, once, at creation (the price of one bitcoin in that currency, who gave it, and when).
-- All null for an invoice priced in bitcoin. Decimals, never floating point: ISO 4217 has at most 4 minor units.
ALTER TABLE transactions ADD COLUMN fiat_currency CHAR(3);
ALTER TABLE transactions ADD COLUMN fiat_amount DECIMAL(24, 4);
ALTER TABLE transactions ADD COLUMN fiat_btc_price DECIMAL(24, 8);
ALTER TABLE transactions ADD COLUMN fiat_rate_source VARCHAR(40);
ALTER TABLE transactions ADD COLUMN fiat_rate_at BIGINT;

-- A terminal's POS keypad types amounts in this currency (null: in satoshis).
ALTER TABLE bpt ADD COLUMN currency CHAR(3);

-- OpenNode's charge fields a shop may send and reads back: metadata (a JSON object, echoed) and the buyer's e-mail.
ALTER TABLE charge ADD COLUMN metadata VARCHAR(4000);
ALTER TABLE charge ADD COLUMN notif_email VARCHAR(254);
