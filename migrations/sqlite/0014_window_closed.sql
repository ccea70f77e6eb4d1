-- When the channel last said the 24-hour window was closed (WhatsApp's
-- 131047): the window stays closed until the contact writes again, even
-- if our clock thinks it is still open.
ALTER TABLE conversations ADD COLUMN window_closed_at BIGINT;
