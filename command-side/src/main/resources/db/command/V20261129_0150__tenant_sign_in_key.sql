-- The command side's consistent answer to "which tenant does this sign-in belong to?".
-- Written in the same transaction as the events that create the keys, so two first sign-ins of
-- one organization or domain cannot create two tenants: the second insert violates the key.
CREATE TABLE tenant_sign_in_key (
    key_kind  VARCHAR(32)  NOT NULL CHECK (key_kind IN ('member', 'workos-organization', 'email-domain')),
    key_value VARCHAR(255) NOT NULL,
    tenant_id VARCHAR(36)  NOT NULL,
    CONSTRAINT tenant_sign_in_key_pkey PRIMARY KEY (key_kind, key_value),
    -- Deferred: the key is written by an event handler in the transaction whose event registers the tenant.
    CONSTRAINT tenant_sign_in_key_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
        DEFERRABLE INITIALLY DEFERRED
);

ALTER TABLE tenant_sign_in_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_sign_in_key FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_sign_in_key_own ON tenant_sign_in_key TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));
-- A sign-in does not know its tenant yet: finding it is a cross-tenant read (TenantPlacement).
CREATE POLICY tenant_sign_in_key_lookup ON tenant_sign_in_key FOR SELECT TO crosslayer_system
    USING (true);

GRANT SELECT, INSERT ON tenant_sign_in_key TO crosslayer_app;
GRANT SELECT ON tenant_sign_in_key TO crosslayer_system;
