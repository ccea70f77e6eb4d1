-- One form for who did something (tenancy.Principal.Actor): a user's ID,
-- an API key's ID (key_…) or 'system'. The CRM recorded an API key as
-- 'api_key:key_…' (an import's created_by, a card's history, a reply's or
-- a thread note's author, the source of a consent an agent recorded) and
-- a flow's card move as 'flow', while campaigns recorded the bare key ID.
-- Old rows take the one form here.
UPDATE contact_imports SET created_by = substr(created_by, 9) WHERE substr(created_by, 1, 8) = 'api_key:';
UPDATE card_events SET actor = substr(actor, 9) WHERE substr(actor, 1, 8) = 'api_key:';
UPDATE card_events SET actor = 'system' WHERE actor = 'flow';
UPDATE messages SET author_id = substr(author_id, 9) WHERE substr(author_id, 1, 8) = 'api_key:';
UPDATE consents SET source = 'agent:' || substr(source, 15) WHERE substr(source, 1, 14) = 'agent:api_key:';
