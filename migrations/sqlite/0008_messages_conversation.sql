-- A conversation's messages in arrival order. seq is the rowid, so this
-- index holds (conversation_id, seq): a search within one conversation reads
-- its newest messages first and matches them in Go (crm_search_sqlite.go)
-- instead of building FTS5's tenant-wide doclist of a common word.
CREATE INDEX messages_conversation ON messages(conversation_id);
