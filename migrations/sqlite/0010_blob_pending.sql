-- A file uploaded to send (POST /api/v1/media) is pending until a message
-- or a campaign uses it; only a pending file may be discarded
-- (DELETE /api/v1/media/{id}), as when an agent removes an attachment
-- before sending. Files stored before this (inbound media) are in use.
ALTER TABLE blobs ADD COLUMN pending BIGINT NOT NULL DEFAULT 0;
