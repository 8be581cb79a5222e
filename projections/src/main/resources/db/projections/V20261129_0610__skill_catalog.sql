-- Read model of the skill-catalog processing group (SkillCatalogProjection): every skill of a tenant as the
-- dashboard and the slash command show it. Where it came from is a link and a hash, never the messages.

CREATE TABLE skill_catalog (
    tenant_id      VARCHAR(36)              NOT NULL,
    skill_id       VARCHAR(36)              NOT NULL,
    name           VARCHAR(64)              NOT NULL,
    description    VARCHAR(1024)            NOT NULL,
    when_to_use    TEXT,
    steps          TEXT                     NOT NULL,
    tags           TEXT                     NOT NULL,
    status         VARCHAR(16)              NOT NULL,
    team_id        VARCHAR(32)              NOT NULL,
    channel_id     VARCHAR(32)              NOT NULL,
    message_ts     VARCHAR(32),
    thread_ts      VARCHAR(32),
    permalink      VARCHAR(1024),
    text_sha256    VARCHAR(64)              NOT NULL,
    model          VARCHAR(128)             NOT NULL,
    prompt_version VARCHAR(64)              NOT NULL,
    extracted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_by     VARCHAR(64),
    decided_by_name VARCHAR(255),
    decided_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT skill_catalog_pkey PRIMARY KEY (tenant_id, skill_id)
);
CREATE INDEX skill_catalog_recent ON skill_catalog (tenant_id, extracted_at DESC);

-- [jooq ignore start]
ALTER TABLE skill_catalog ADD CONSTRAINT skill_catalog_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id);

ALTER TABLE skill_catalog ENABLE ROW LEVEL SECURITY;
ALTER TABLE skill_catalog FORCE ROW LEVEL SECURITY;
CREATE POLICY skill_catalog_own ON skill_catalog TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON skill_catalog TO crosslayer_app;
-- [jooq ignore stop]
