-- An outbound message's status history: each status change the store
-- accepted (sent, delivered, read, failed), when, and for failed why.
-- A table rather than a JSON column on messages: a change appends one
-- row (no read-modify-write of the message's history), and a page of
-- messages reads every history it shows in one indexed query. seq keeps
-- the order the changes were accepted in, which is the statuses' order.
CREATE TABLE message_statuses (
    seq        INTEGER PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    error      TEXT NOT NULL DEFAULT '',
    at         BIGINT NOT NULL
);
CREATE INDEX message_statuses_message ON message_statuses(message_id);

-- A message sent before the history existed starts it at its current status.
INSERT INTO message_statuses (tenant_id, message_id, status, error, at)
    SELECT tenant_id, id, status, error, status_at FROM messages WHERE status_rank > 0 ORDER BY seq;
