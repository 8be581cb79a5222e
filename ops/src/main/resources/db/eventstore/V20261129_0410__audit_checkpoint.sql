-- Signed checkpoints of each tenant's hash chain (AuditCheckpoints). The signing key is not in the
-- database: a checkpoint proves what the chain head was when it was signed, even to someone who
-- distrusts whoever holds the database.
CREATE TABLE audit_checkpoint (
    tenant_id       VARCHAR(36) NOT NULL,
    tenant_sequence BIGINT      NOT NULL,
    head_hash       BYTEA       NOT NULL,
    -- The instant exactly as signed (ISO-8601 text): the signature covers these characters.
    signed_at       TEXT        NOT NULL,
    key_id          VARCHAR(16) NOT NULL,
    signature       BYTEA       NOT NULL,
    CONSTRAINT audit_checkpoint_pkey PRIMARY KEY (tenant_id, tenant_sequence),
    CONSTRAINT audit_checkpoint_event_fkey FOREIGN KEY (tenant_id, tenant_sequence)
        REFERENCES domain_event_entry (tenant_id, tenant_sequence)
);

ALTER TABLE audit_checkpoint ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_checkpoint FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_checkpoint_own ON audit_checkpoint TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));
-- The scheduler finds which tenants' chains moved since their last checkpoint: a cross-tenant read
-- of chain heads and checkpoint positions, nothing else.
CREATE POLICY audit_checkpoint_positions ON audit_checkpoint FOR SELECT TO crosslayer_system USING (true);
CREATE POLICY tenant_heads ON tenant FOR SELECT TO crosslayer_system USING (true);

GRANT SELECT, INSERT ON audit_checkpoint TO crosslayer_app;
GRANT SELECT (tenant_id, tenant_sequence) ON audit_checkpoint TO crosslayer_system;
GRANT SELECT (tenant_id, head_sequence) ON tenant TO crosslayer_system;
