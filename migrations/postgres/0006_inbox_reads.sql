-- Tenant-wide message search reads the tenant's newest messages in arrival
-- order before it asks the GIN index for older matches (SearchMessages).
CREATE INDEX messages_tenant_seq ON messages(tenant_id, seq);
