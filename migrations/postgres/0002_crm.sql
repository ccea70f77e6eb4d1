-- CRM: contacts, consent, imports, the shared inbox and the Kanban board.
-- Empty identifiers are NULL so the unique indexes let many contacts lack
-- one. Times are Unix milliseconds.
CREATE TABLE contacts (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    name        TEXT NOT NULL DEFAULT '',
    phone       TEXT,
    whatsapp_id TEXT,
    bsuid       TEXT,
    username    TEXT,
    email       TEXT,
    owner_id    TEXT NOT NULL DEFAULT '',
    time_zone   TEXT NOT NULL DEFAULT '',
    language    TEXT NOT NULL DEFAULT '',
    fields      TEXT NOT NULL DEFAULT '{}',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX contacts_phone ON contacts(tenant_id, phone);
CREATE UNIQUE INDEX contacts_whatsapp ON contacts(tenant_id, whatsapp_id);
CREATE UNIQUE INDEX contacts_bsuid ON contacts(tenant_id, bsuid);
CREATE UNIQUE INDEX contacts_username ON contacts(tenant_id, username);
CREATE UNIQUE INDEX contacts_email ON contacts(tenant_id, email);
CREATE INDEX contacts_created ON contacts(tenant_id, created_at, id);
CREATE INDEX contacts_updated ON contacts(tenant_id, updated_at, id);
CREATE INDEX contacts_name ON contacts(tenant_id, name, id);

CREATE TABLE contact_tags (
    tenant_id  TEXT NOT NULL,
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (contact_id, tag)
);
CREATE INDEX contact_tags_tag ON contact_tags(tenant_id, tag);

CREATE TABLE contact_fields (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    label      TEXT NOT NULL,
    type       TEXT NOT NULL,
    options    TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, key)
);

CREATE TABLE contact_notes (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX contact_notes_contact ON contact_notes(tenant_id, contact_id, created_at);

CREATE TABLE consents (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    channel    TEXT NOT NULL,
    status     TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX consents_contact ON consents(tenant_id, contact_id, channel, created_at, id);

CREATE TABLE contact_imports (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    options     TEXT NOT NULL,
    source      BYTEA NOT NULL,
    total       BIGINT NOT NULL DEFAULT 0,
    processed   BIGINT NOT NULL DEFAULT 0,
    created     BIGINT NOT NULL DEFAULT 0,
    updated     BIGINT NOT NULL DEFAULT 0,
    errors      TEXT NOT NULL DEFAULT '[]',
    message     TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX contact_imports_status ON contact_imports(status);

CREATE TABLE conversations (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    contact_id      TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    connection_id   TEXT NOT NULL,
    channel         TEXT NOT NULL,
    status          TEXT NOT NULL,
    assignee_id     TEXT NOT NULL DEFAULT '',
    handler         TEXT NOT NULL DEFAULT 'bot',
    unread          BIGINT NOT NULL DEFAULT 0,
    preview         TEXT NOT NULL DEFAULT '',
    last_message_at BIGINT NOT NULL,
    last_inbound_at BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (tenant_id, contact_id, connection_id)
);
CREATE INDEX conversations_recent ON conversations(tenant_id, last_message_at, id);
CREATE INDEX conversations_status ON conversations(tenant_id, status, last_message_at, id);
CREATE INDEX conversations_assignee ON conversations(tenant_id, assignee_id, last_message_at, id);

CREATE TABLE conversation_labels (
    tenant_id       TEXT NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    label           TEXT NOT NULL,
    PRIMARY KEY (conversation_id, label)
);
CREATE INDEX conversation_labels_label ON conversation_labels(tenant_id, label);

-- seq is the row's stable integer key (the FTS5 rowid on SQLite).
CREATE TABLE messages (
    seq                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    tenant_id           TEXT NOT NULL,
    conversation_id     TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    contact_id          TEXT NOT NULL,
    direction           TEXT NOT NULL,
    type                TEXT NOT NULL,
    body                TEXT NOT NULL DEFAULT '',
    media               TEXT,
    extra               TEXT,
    provider_message_id TEXT,
    reply_to            TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT '',
    status_rank         BIGINT NOT NULL DEFAULT 0,
    error               TEXT NOT NULL DEFAULT '',
    author_id           TEXT NOT NULL DEFAULT '',
    created_at          BIGINT NOT NULL,
    status_at           BIGINT NOT NULL
);
CREATE UNIQUE INDEX messages_provider ON messages(tenant_id, provider_message_id);
CREATE INDEX messages_page ON messages(conversation_id, created_at, id);
CREATE INDEX messages_contact ON messages(tenant_id, contact_id);

-- Full-text search: a generated tsvector with a GIN index. The 'simple'
-- configuration does not stem, like SQLite's unicode61 tokenizer.
ALTER TABLE messages ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED;
CREATE INDEX messages_search ON messages USING GIN (search);

CREATE TABLE canned_responses (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    shortcut   TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (tenant_id, shortcut)
);

CREATE TABLE inbox_agents (
    tenant_id        TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL,
    online           BIGINT NOT NULL DEFAULT 0,
    assigned_seq     BIGINT NOT NULL DEFAULT 0,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE boards (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE stages (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    board_id   TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    position   TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (board_id, name)
);
CREATE INDEX stages_board ON stages(tenant_id, board_id, position);

CREATE TABLE cards (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    board_id    TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    stage_id    TEXT NOT NULL REFERENCES stages(id) ON DELETE CASCADE,
    contact_id  TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    value_cents BIGINT NOT NULL DEFAULT 0,
    currency    TEXT NOT NULL DEFAULT '',
    owner_id    TEXT NOT NULL DEFAULT '',
    due_at      BIGINT,
    position    TEXT COLLATE "C" NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX cards_stage ON cards(stage_id, position, id);
CREATE INDEX cards_board ON cards(tenant_id, board_id);
CREATE INDEX cards_contact ON cards(tenant_id, contact_id, board_id);

CREATE TABLE card_events (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    card_id    TEXT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    from_stage TEXT NOT NULL DEFAULT '',
    to_stage   TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL
);
CREATE INDEX card_events_card ON card_events(card_id, created_at, id);
