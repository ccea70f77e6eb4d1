-- FTS5 writes its pending terms to disk at every statement savepoint, so a
-- transaction storing a batch of inbound messages wrote one index segment
-- per message (and spent as long again merging them). A new message now
-- only queues its seq; deleting the queue (DELETE FROM messages_fts_pending,
-- which the store runs before committing a transaction that queued any)
-- indexes every queued message in one statement, so one segment per batch.
CREATE TABLE messages_fts_pending (seq INTEGER PRIMARY KEY);
CREATE TRIGGER messages_fts_index AFTER DELETE ON messages_fts_pending BEGIN
    INSERT INTO messages_fts(rowid, body) SELECT seq, body FROM messages WHERE seq = old.seq;
END;

DROP TRIGGER messages_fts_insert;
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts_pending(seq) VALUES (new.seq);
END;

-- A message still queued is not in the index: only an indexed one is
-- taken out of it. The queue's entry goes first, so its trigger finds no
-- message to index.
DROP TRIGGER messages_fts_delete;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body)
        SELECT 'delete', old.seq, old.body WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE seq = old.seq);
    DELETE FROM messages_fts_pending WHERE seq = old.seq;
END;

DROP TRIGGER messages_fts_update;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body)
        SELECT 'delete', old.seq, old.body WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE seq = old.seq);
    INSERT OR IGNORE INTO messages_fts_pending(seq) VALUES (new.seq);
END;
