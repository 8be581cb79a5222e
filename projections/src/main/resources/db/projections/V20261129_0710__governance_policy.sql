-- Read model of the governance-policy processing group (GovernancePolicyProjection): each tenant's policy,
-- one row per changed setting (text forms, as the events carry them), and its revision.

CREATE TABLE governance_policy (
    tenant_id  VARCHAR(36)              NOT NULL,
    revision   INTEGER                  NOT NULL,
    changed_by VARCHAR(255)             NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT governance_policy_pkey PRIMARY KEY (tenant_id)
);

CREATE TABLE governance_policy_setting (
    tenant_id VARCHAR(36)   NOT NULL,
    setting   VARCHAR(64)   NOT NULL,
    value     VARCHAR(4096) NOT NULL,
    CONSTRAINT governance_policy_setting_pkey PRIMARY KEY (tenant_id, setting),
    CONSTRAINT governance_policy_setting_policy_fkey FOREIGN KEY (tenant_id) REFERENCES governance_policy (tenant_id)
);

-- [jooq ignore start]
ALTER TABLE governance_policy ADD CONSTRAINT governance_policy_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id);
ALTER TABLE governance_policy_setting ADD CONSTRAINT governance_policy_setting_tenant_fkey
    FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id);

ALTER TABLE governance_policy ENABLE ROW LEVEL SECURITY;
ALTER TABLE governance_policy FORCE ROW LEVEL SECURITY;
CREATE POLICY governance_policy_own ON governance_policy TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

ALTER TABLE governance_policy_setting ENABLE ROW LEVEL SECURITY;
ALTER TABLE governance_policy_setting FORCE ROW LEVEL SECURITY;
CREATE POLICY governance_policy_setting_own ON governance_policy_setting TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON governance_policy, governance_policy_setting TO crosslayer_app;
-- [jooq ignore stop]
