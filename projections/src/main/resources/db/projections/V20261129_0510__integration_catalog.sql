-- Read model of the integration-catalog processing group (IntegrationCatalogProjection): what the
-- dashboard lists under integrations. No token and no ciphertext: the token's fingerprint only.

CREATE TABLE integration_catalog (
    tenant_id                   VARCHAR(36)              NOT NULL,
    integration_id              VARCHAR(36)              NOT NULL,
    provider                    VARCHAR(16)              NOT NULL,
    account_id                  VARCHAR(64)              NOT NULL,
    account_name                VARCHAR(255),
    scopes                      VARCHAR(1024)            NOT NULL,
    token_fingerprint           VARCHAR(64)              NOT NULL,
    status                      VARCHAR(16)              NOT NULL,
    connected_by                VARCHAR(255)             NOT NULL,
    connected_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    revocation_reason           VARCHAR(32),
    revoked_by                  VARCHAR(255),
    revoked_at                  TIMESTAMP WITH TIME ZONE,
    provider_revocation         VARCHAR(16),
    provider_revocation_failure VARCHAR(1024),
    CONSTRAINT integration_catalog_pkey PRIMARY KEY (tenant_id, integration_id)
);

CREATE TABLE integration_catalog_repository (
    tenant_id      VARCHAR(36)              NOT NULL,
    integration_id VARCHAR(36)              NOT NULL,
    repository_id  BIGINT                   NOT NULL,
    full_name      VARCHAR(255)             NOT NULL,
    connected_by   VARCHAR(255)             NOT NULL,
    connected_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT integration_catalog_repository_pkey PRIMARY KEY (tenant_id, integration_id, repository_id),
    CONSTRAINT integration_catalog_repository_integration_fkey FOREIGN KEY (tenant_id, integration_id)
        REFERENCES integration_catalog (tenant_id, integration_id)
);

-- [jooq ignore start]
ALTER TABLE integration_catalog ADD CONSTRAINT integration_catalog_tenant_fkey
    FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id);
ALTER TABLE integration_catalog_repository ADD CONSTRAINT integration_catalog_repository_tenant_fkey
    FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id);

ALTER TABLE integration_catalog ENABLE ROW LEVEL SECURITY;
ALTER TABLE integration_catalog FORCE ROW LEVEL SECURITY;
CREATE POLICY integration_catalog_own ON integration_catalog TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

ALTER TABLE integration_catalog_repository ENABLE ROW LEVEL SECURITY;
ALTER TABLE integration_catalog_repository FORCE ROW LEVEL SECURITY;
CREATE POLICY integration_catalog_repository_own ON integration_catalog_repository TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON integration_catalog, integration_catalog_repository TO crosslayer_app;
-- [jooq ignore stop]
