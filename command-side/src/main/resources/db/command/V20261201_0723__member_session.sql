-- Signed-in sessions (issue 12 item 4). The session cookie is signed, but a signature alone cannot be taken
-- back: a row here is what makes a cookie count. Signing out deletes the row; "sign out everywhere" and a
-- member's removal delete every row of the member. The cookie carries a random session id; only its
-- SHA-256 is kept, so a copy of this table signs nobody in.
CREATE TABLE member_session (
    tenant_id    VARCHAR(36)              NOT NULL,
    session_hash VARCHAR(64)              NOT NULL,
    user_id      VARCHAR(255)             NOT NULL,
    signed_in_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT member_session_pkey PRIMARY KEY (tenant_id, session_hash),
    CONSTRAINT member_session_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
);
-- Ending every session of one member (sign out everywhere, removal).
CREATE INDEX member_session_member ON member_session (tenant_id, user_id);
-- Sweeping a tenant's expired sessions at each sign-in.
CREATE INDEX member_session_expiry ON member_session (tenant_id, expires_at);

ALTER TABLE member_session ENABLE ROW LEVEL SECURITY;
ALTER TABLE member_session FORCE ROW LEVEL SECURITY;
CREATE POLICY member_session_own ON member_session TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

GRANT SELECT, INSERT, DELETE ON member_session TO crosslayer_app;
