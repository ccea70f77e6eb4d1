-- A campaign's reason as a stable code and the values its English text
-- names (JSON), so the dashboard words it in the user's language. Rows
-- from before keep only the text ('' here).
ALTER TABLE campaigns ADD COLUMN reason_code TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN reason_params TEXT NOT NULL DEFAULT '';
