-- Flows, their published versions, runs and every step's trace.
CREATE TABLE flows (
    id                TEXT PRIMARY KEY,
    tenant_id         TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    title             TEXT NOT NULL DEFAULT '',
    draft             TEXT NOT NULL,
    published_version INTEGER NOT NULL DEFAULT 0,
    trigger_on        TEXT NOT NULL DEFAULT '',
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE flow_versions (
    flow_id    TEXT NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
    tenant_id  TEXT NOT NULL,
    version    INTEGER NOT NULL,
    source     TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (flow_id, version)
);

-- A run is due when wake_at <= now and its lease has expired.
CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    flow_id     TEXT NOT NULL REFERENCES flows(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    contact_id  TEXT NOT NULL DEFAULT '',
    trigger_key TEXT NOT NULL,
    status      TEXT NOT NULL,
    cursor      INTEGER NOT NULL,
    wait_kind   TEXT NOT NULL DEFAULT '',
    wait_key    TEXT NOT NULL DEFAULT '',
    wake_at     BIGINT,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until BIGINT NOT NULL DEFAULT 0,
    rev         INTEGER NOT NULL DEFAULT 0,
    steps       INTEGER NOT NULL DEFAULT 0,
    state       TEXT NOT NULL,
    error       TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (flow_id, trigger_key)
);
CREATE INDEX runs_due ON runs(wake_at) WHERE wake_at IS NOT NULL;
CREATE INDEX runs_tenant ON runs(tenant_id, flow_id, created_at);
CREATE INDEX runs_waiting ON runs(tenant_id, wait_kind, wait_key) WHERE status = 'waiting';

CREATE TABLE run_steps (
    run_id          TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    tenant_id       TEXT NOT NULL,
    step_id         TEXT NOT NULL,
    attempt         INTEGER NOT NULL,
    status          TEXT NOT NULL,
    input           TEXT NOT NULL DEFAULT '',
    output          TEXT NOT NULL DEFAULT '',
    error           TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT NOT NULL DEFAULT '',
    started_at      BIGINT NOT NULL,
    finished_at     BIGINT NOT NULL,
    PRIMARY KEY (run_id, seq)
);
