-- The token vault: one sealed OAuth token per integration, outside the event store (an event carries only
-- the token's fingerprint). sealed_token is crypto_box_seal(token, master public key); key_id names the
-- master key that sealed it (a fingerprint of its public key, never key material).
CREATE TABLE integration_token (
    tenant_id      VARCHAR(36)              NOT NULL,
    integration_id VARCHAR(36)              NOT NULL,
    provider       VARCHAR(16)              NOT NULL CHECK (provider IN ('SLACK', 'GITHUB')),
    -- The Slack team id, or the GitHub user id.
    account_id     VARCHAR(64)              NOT NULL,
    key_id         VARCHAR(32)              NOT NULL,
    sealed_token   BYTEA                    NOT NULL,
    sealed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT integration_token_pkey PRIMARY KEY (tenant_id, integration_id),
    CONSTRAINT integration_token_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
);
-- One Slack workspace belongs to one tenant: a second tenant's install violates this index.
CREATE UNIQUE INDEX integration_token_one_tenant_per_slack_team ON integration_token (account_id)
    WHERE provider = 'SLACK';
-- keys rotate finds what is not yet under the current key.
CREATE INDEX integration_token_key ON integration_token (tenant_id, key_id);

ALTER TABLE integration_token ENABLE ROW LEVEL SECURITY;
ALTER TABLE integration_token FORCE ROW LEVEL SECURITY;
CREATE POLICY integration_token_own ON integration_token TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));
-- A Slack install or a Slack event does not know its tenant until the team id finds it: a cross-tenant
-- read of the Slack rows' ids. The column grant keeps sealed tokens out of the system role's reach.
CREATE POLICY integration_token_slack_team_lookup ON integration_token FOR SELECT TO crosslayer_system
    USING (provider = 'SLACK');

GRANT SELECT, INSERT, UPDATE, DELETE ON integration_token TO crosslayer_app;
GRANT SELECT (tenant_id, integration_id, provider, account_id) ON integration_token TO crosslayer_system;

-- OAuth state of installs in progress: single use (deleted when its callback comes), bound to the
-- session that started it, short-lived. Only a hash of the state is kept.
CREATE TABLE oauth_state (
    tenant_id    VARCHAR(36)              NOT NULL,
    state_hash   VARCHAR(64)              NOT NULL,
    provider     VARCHAR(16)              NOT NULL CHECK (provider IN ('SLACK', 'GITHUB')),
    user_id      VARCHAR(255)             NOT NULL,
    session_hash VARCHAR(64)              NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT oauth_state_pkey PRIMARY KEY (tenant_id, state_hash),
    CONSTRAINT oauth_state_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
);

ALTER TABLE oauth_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE oauth_state FORCE ROW LEVEL SECURITY;
CREATE POLICY oauth_state_own ON oauth_state TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

GRANT SELECT, INSERT, DELETE ON oauth_state TO crosslayer_app;
