-- The durable inbox between Slack's ack and the work: an accepted event is committed here before the 200,
-- and deleted when its work is done. Its message text is sealed to the master public key like a token,
-- so no plaintext message sits in the database; no row outlives crosslayer.inbox.max-age (24 h).
CREATE TABLE slack_inbox (
    tenant_id     VARCHAR(36)              NOT NULL,
    event_id      VARCHAR(64)              NOT NULL,
    event_kind    VARCHAR(16)              NOT NULL CHECK (event_kind IN ('message', 'app_mention')),
    team_id       VARCHAR(32)              NOT NULL,
    channel_id    VARCHAR(32)              NOT NULL,
    user_id       VARCHAR(32),
    message_ts    VARCHAR(32)              NOT NULL,
    thread_ts     VARCHAR(32),
    key_id        VARCHAR(32)              NOT NULL,
    sealed_text   BYTEA                    NOT NULL,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts      INTEGER                  NOT NULL DEFAULT 0,
    not_before    TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_until TIMESTAMP WITH TIME ZONE,
    last_error    VARCHAR(512),
    CONSTRAINT slack_inbox_pkey PRIMARY KEY (tenant_id, event_id),
    CONSTRAINT slack_inbox_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
);
CREATE INDEX slack_inbox_due ON slack_inbox (not_before);

-- Which event ids were accepted (ids only, no content), so that Slack's retries of one event_id are
-- processed once even after its inbox row is gone. Kept as long as inbox rows may live.
CREATE TABLE slack_event_receipt (
    tenant_id   VARCHAR(36)              NOT NULL,
    event_id    VARCHAR(64)              NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT slack_event_receipt_pkey PRIMARY KEY (tenant_id, event_id),
    CONSTRAINT slack_event_receipt_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
);
CREATE INDEX slack_event_receipt_age ON slack_event_receipt (received_at);

ALTER TABLE slack_inbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE slack_inbox FORCE ROW LEVEL SECURITY;
CREATE POLICY slack_inbox_own ON slack_inbox TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));
-- Workers find which tenants have work (ids and times only; the sealed text stays out of reach).
CREATE POLICY slack_inbox_work ON slack_inbox FOR SELECT TO crosslayer_system USING (true);

ALTER TABLE slack_event_receipt ENABLE ROW LEVEL SECURITY;
ALTER TABLE slack_event_receipt FORCE ROW LEVEL SECURITY;
CREATE POLICY slack_event_receipt_own ON slack_event_receipt TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));
CREATE POLICY slack_event_receipt_age ON slack_event_receipt FOR SELECT TO crosslayer_system USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON slack_inbox, slack_event_receipt TO crosslayer_app;
GRANT SELECT (tenant_id, not_before, claimed_until, received_at) ON slack_inbox TO crosslayer_system;
GRANT SELECT (tenant_id, received_at) ON slack_event_receipt TO crosslayer_system;
