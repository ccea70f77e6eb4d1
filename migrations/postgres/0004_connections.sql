-- Connections: a tenant's configured use of a plugin, and the plugins' KV.
CREATE TABLE connections (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    plugin_id  TEXT NOT NULL,
    name       TEXT NOT NULL,
    config     TEXT NOT NULL,
    secrets    TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'new',
    detail     TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX connections_tenant ON connections(tenant_id, plugin_id);

CREATE TABLE plugin_kv (
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    key           TEXT NOT NULL,
    value         BYTEA NOT NULL,
    expires_at    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (connection_id, key)
);
