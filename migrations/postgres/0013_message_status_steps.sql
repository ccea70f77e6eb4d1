-- A message takes each status once: the history's rows are its steps.
-- Forward-only updates always kept it so; a late report that fills a
-- passed step (delivered after read) relies on this index to stay single
-- when two reports race (Postgres runs them concurrently). It leads with
-- message_id, so it serves the history reads the old index served.
DELETE FROM message_statuses WHERE seq NOT IN (SELECT MIN(seq) FROM message_statuses GROUP BY message_id, status);
DROP INDEX message_statuses_message;
CREATE UNIQUE INDEX message_statuses_step ON message_statuses(message_id, status);
