-- Skills learned from GitHub files, and the version of the file each was learned from: the drift watcher
-- asks GitHub with If-None-Match: etag, and a changed file raises a SKILL_DRIFT signal.
CREATE TABLE skill_watch (
    tenant_id      VARCHAR(36)              NOT NULL,
    skill_id       VARCHAR(36)              NOT NULL,
    integration_id VARCHAR(36)              NOT NULL,
    repository     VARCHAR(255)             NOT NULL,
    path           VARCHAR(1024)            NOT NULL,
    sha            VARCHAR(64)              NOT NULL,
    etag           VARCHAR(255),
    checked_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT skill_watch_pkey PRIMARY KEY (tenant_id, skill_id),
    CONSTRAINT skill_watch_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
);

ALTER TABLE skill_watch ENABLE ROW LEVEL SECURITY;
ALTER TABLE skill_watch FORCE ROW LEVEL SECURITY;
CREATE POLICY skill_watch_own ON skill_watch TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));
CREATE POLICY skill_watch_tenants ON skill_watch FOR SELECT TO crosslayer_system USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON skill_watch TO crosslayer_app;
GRANT SELECT (tenant_id) ON skill_watch TO crosslayer_system;
