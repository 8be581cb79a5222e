-- Read model of the signal-board processing group (SignalBoardProjection): every signal of a tenant and
-- where it is in its life.

CREATE TABLE signal_board (
    tenant_id       VARCHAR(36)              NOT NULL,
    signal_id       VARCHAR(36)              NOT NULL,
    kind            VARCHAR(32)              NOT NULL,
    subject         VARCHAR(255)             NOT NULL,
    text            VARCHAR(4000)            NOT NULL,
    state           VARCHAR(16)              NOT NULL,
    channel_id      VARCHAR(32),
    message_ts      VARCHAR(32),
    attempts        INTEGER                  NOT NULL,
    last_failure    VARCHAR(1024),
    raised_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    dispatched_at   TIMESTAMP WITH TIME ZONE,
    acknowledged_by VARCHAR(64),
    acknowledged_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT signal_board_pkey PRIMARY KEY (tenant_id, signal_id)
);
CREATE INDEX signal_board_recent ON signal_board (tenant_id, raised_at DESC);

-- [jooq ignore start]
ALTER TABLE signal_board ADD CONSTRAINT signal_board_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id);

ALTER TABLE signal_board ENABLE ROW LEVEL SECURITY;
ALTER TABLE signal_board FORCE ROW LEVEL SECURITY;
CREATE POLICY signal_board_own ON signal_board TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON signal_board TO crosslayer_app;
-- [jooq ignore stop]
