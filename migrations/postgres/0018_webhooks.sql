-- Outbound webhooks (Standard Webhooks v1): the endpoints a tenant
-- registered, and each event's delivery to each endpoint that wants it.
-- An endpoint's signing secrets are sealed by the secret box; the previous
-- one keeps signing beside the new one until previous_until (a rotation).
-- disabled_reason says why the sender turned an endpoint off: "gone" (it
-- answered 410) or "failing" (a delivery ran out of retries); '' when a
-- person did, or while it is enabled.
CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    url             TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    event_types     TEXT NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    disabled_reason TEXT NOT NULL DEFAULT '',
    disabled_at     BIGINT,
    secret          TEXT NOT NULL,
    previous_secret TEXT NOT NULL DEFAULT '',
    previous_until  BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints(tenant_id, created_at);

-- One row per (endpoint, event): the event's bus message ID is the
-- webhook-id, the same on every attempt, and a redelivered event adds no
-- second row. payload is the exact body sent. A pending row is due at
-- next_attempt_at; a sender holding it has pushed that past its lease, so
-- a crash mid-attempt only delays it. The partial index holds only what
-- is pending, so delivered rows cost the retry scan nothing.
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    payload         BYTEA NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_status     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    next_attempt_at BIGINT NOT NULL DEFAULT 0,
    single_try      INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries(endpoint_id, created_at);
-- Settled deliveries are pruned by age.
CREATE INDEX webhook_deliveries_age ON webhook_deliveries(created_at);
