-- The trigger router looks up a tenant's published flows on an event's
-- type for every event; without an index that read every flow of every
-- tenant.
CREATE INDEX flows_trigger ON flows(tenant_id, trigger_on) WHERE published_version > 0;
