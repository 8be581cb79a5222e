-- Read model of the tenant-directory processing group (TenantDirectoryProjection).

CREATE TABLE tenant_directory (
    tenant_id              VARCHAR(36)              NOT NULL,
    name                   VARCHAR(255)             NOT NULL,
    workos_organization_id VARCHAR(255),
    email_domain           VARCHAR(255),
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT tenant_directory_pkey PRIMARY KEY (tenant_id)
);

CREATE TABLE tenant_directory_member (
    tenant_id         VARCHAR(36)              NOT NULL,
    user_id           VARCHAR(255)             NOT NULL,
    email             VARCHAR(254)             NOT NULL,
    role              VARCHAR(16)              NOT NULL,
    joined_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    last_signed_in_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT tenant_directory_member_pkey PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT tenant_directory_member_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant_directory (tenant_id)
);

-- jOOQ generates the read-model classes from this file alone (DDLDatabase), without the event
-- store's tables and without PostgreSQL's security statements: it skips what follows.
-- [jooq ignore start]
ALTER TABLE tenant_directory ADD CONSTRAINT tenant_directory_tenant_fkey
    FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id);

ALTER TABLE tenant_directory ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_directory FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_directory_own ON tenant_directory TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

ALTER TABLE tenant_directory_member ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_directory_member FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_directory_member_own ON tenant_directory_member TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

-- TRUNCATE (a rebuild's reset, which RLS does not filter) wipes derived rows only; events stay.
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON tenant_directory, tenant_directory_member TO crosslayer_app;
-- [jooq ignore stop]
