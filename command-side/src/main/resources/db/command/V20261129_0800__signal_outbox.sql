-- The signal outbox: a raised signal waits here, written in the transaction that records SignalRaised,
-- until a dispatcher posts it (then the row goes, in the transaction that records SignalDispatched) or gives
-- up on it (SignalDeadLettered). A restart between raise and delivery loses nothing.
CREATE TABLE signal_outbox (
    tenant_id     VARCHAR(36)              NOT NULL,
    signal_id     VARCHAR(36)              NOT NULL,
    channel_id    VARCHAR(32)              NOT NULL,
    thread_ts     VARCHAR(32),
    text          VARCHAR(4000)            NOT NULL,
    attempts      INTEGER                  NOT NULL DEFAULT 0,
    not_before    TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_until TIMESTAMP WITH TIME ZONE,
    CONSTRAINT signal_outbox_pkey PRIMARY KEY (tenant_id, signal_id),
    CONSTRAINT signal_outbox_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
);
CREATE INDEX signal_outbox_due ON signal_outbox (not_before);

ALTER TABLE signal_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE signal_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY signal_outbox_own ON signal_outbox TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));
-- Dispatchers find which tenants have signals due (ids and times only).
CREATE POLICY signal_outbox_work ON signal_outbox FOR SELECT TO crosslayer_system USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON signal_outbox TO crosslayer_app;
GRANT SELECT (tenant_id, not_before, claimed_until) ON signal_outbox TO crosslayer_system;
