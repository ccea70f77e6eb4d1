-- Campaigns and their send ledger: one row per campaign × round × contact
-- × step, whose status only moves forward (rank). Times are Unix ms.
CREATE TABLE campaigns (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    channel       TEXT NOT NULL,
    spec          TEXT NOT NULL,
    status        TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    round         INTEGER NOT NULL DEFAULT 0,
    next_at       BIGINT,
    enqueued      INTEGER NOT NULL DEFAULT 0,
    cursor        TEXT NOT NULL DEFAULT '',
    audience      BIGINT NOT NULL DEFAULT 0,
    excluded      TEXT NOT NULL DEFAULT '{}',
    lease_owner   TEXT NOT NULL DEFAULT '',
    lease_until   BIGINT NOT NULL DEFAULT 0,
    rev           INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    started_at    BIGINT,
    finished_at   BIGINT,
    UNIQUE (tenant_id, name)
);
CREATE INDEX campaigns_due ON campaigns(status, next_at);

CREATE TABLE campaign_sends (
    id                  TEXT PRIMARY KEY,
    tenant_id           TEXT NOT NULL,
    campaign_id         TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    round               INTEGER NOT NULL,
    contact_id          TEXT NOT NULL,
    step                TEXT NOT NULL,
    via                 TEXT NOT NULL,
    channel             TEXT NOT NULL,
    address             TEXT NOT NULL,
    sender              TEXT NOT NULL DEFAULT '',
    portfolio           TEXT NOT NULL DEFAULT '',
    time_zone           TEXT NOT NULL DEFAULT '',
    payload             TEXT NOT NULL DEFAULT '{}',
    body_hash           TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    rank                INTEGER NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    in_flight           INTEGER NOT NULL DEFAULT 0,
    next_at             BIGINT NOT NULL,
    lease_owner         TEXT NOT NULL DEFAULT '',
    lease_until         BIGINT NOT NULL DEFAULT 0,
    provider_message_id TEXT,
    error_code          TEXT NOT NULL DEFAULT '',
    error               TEXT NOT NULL DEFAULT '',
    resolution          TEXT NOT NULL DEFAULT '',
    queued_at           BIGINT NOT NULL,
    claimed_at          BIGINT,
    sent_at             BIGINT,
    delivered_at        BIGINT,
    read_at             BIGINT,
    replied_at          BIGINT,
    failed_at           BIGINT,
    opted_out_at        BIGINT,
    updated_at          BIGINT NOT NULL,
    UNIQUE (campaign_id, round, contact_id, step)
);
CREATE INDEX campaign_sends_due ON campaign_sends(next_at) WHERE status = 'queued' AND via = 'dispatch';
CREATE UNIQUE INDEX campaign_sends_provider ON campaign_sends(tenant_id, provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX campaign_sends_status ON campaign_sends(campaign_id, status, id);
CREATE INDEX campaign_sends_contact ON campaign_sends(tenant_id, contact_id, sent_at);
CREATE INDEX campaign_sends_address ON campaign_sends(tenant_id, address);
CREATE INDEX campaign_sends_reach ON campaign_sends(tenant_id, portfolio, sent_at) WHERE sent_at IS NOT NULL;

-- The audience walk pages a tenant's contacts in ID order.
CREATE INDEX contacts_tenant_id ON contacts(tenant_id, id);

-- SMS duplication guard: the same text (hash) to the same phone is held by
-- one send (owner) until the window passes, across campaigns and cadences.
CREATE TABLE sms_guard (
    tenant_id TEXT NOT NULL,
    address   TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    owner     TEXT NOT NULL,
    at        BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, address, body_hash)
);
