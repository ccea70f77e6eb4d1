-- Blobs: files plugins store for a tenant (inbound media). The bytes live on
-- the filesystem under the data directory, named by the blob's ID; this
-- table is their metadata.
CREATE TABLE blobs (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    connection_id TEXT NOT NULL DEFAULT '',
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX blobs_tenant ON blobs(tenant_id, created_at);
