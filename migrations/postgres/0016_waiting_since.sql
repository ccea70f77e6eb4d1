-- When the customer's oldest unanswered message arrived (milliseconds),
-- NULL when nobody waits: set by an inbound message when it is NULL,
-- cleared by a reply (an agent's or the bot's) and by resolving. The
-- partial index serves the supervisor's "longest waiting" list and holds
-- only waiting conversations, so a touch of the others leaves it alone.
ALTER TABLE conversations ADD COLUMN waiting_since BIGINT;
CREATE INDEX conversations_waiting ON conversations(tenant_id, waiting_since, id) WHERE waiting_since IS NOT NULL;
