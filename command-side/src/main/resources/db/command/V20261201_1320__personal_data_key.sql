-- Personal data keys (issue 18): one data key per subject (a member, a Slack user, a skill's source) and
-- tenant, outside the event store. Personal fields of events are sealed under them (XChaCha20-Poly1305);
-- the keys themselves are sealed under the master key (crypto_box_seal, like the token vault), and key_id
-- names the data key inside the sealed fields of events. Destroying a key (erasure) clears sealed_key and
-- keeps the row as a tombstone: the fields sealed under it read as erased, and the subject's next personal
-- field gets a new key.
CREATE TABLE personal_data_key (
    tenant_id     VARCHAR(36)              NOT NULL,
    key_id        VARCHAR(36)              NOT NULL,
    -- member:<user id>, slack-user:<Slack user id> or skill-source:<skill id>: opaque identifiers only.
    subject       VARCHAR(300)             NOT NULL,
    master_key_id VARCHAR(32),
    sealed_key    BYTEA,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    destroyed_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT personal_data_key_pkey PRIMARY KEY (tenant_id, key_id),
    CONSTRAINT personal_data_key_destroyed CHECK ((destroyed_at IS NULL) = (sealed_key IS NOT NULL)
        AND (sealed_key IS NULL) = (master_key_id IS NULL)),
    -- Deferred: a tenant's first event can carry a personal field, and the tenant row is written by the
    -- event store's trigger after the key was made, in the same transaction.
    CONSTRAINT personal_data_key_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenant (tenant_id)
        DEFERRABLE INITIALLY DEFERRED
);
-- One live key per subject; destroyed ones stay as tombstones.
CREATE UNIQUE INDEX personal_data_key_live_subject ON personal_data_key (tenant_id, subject)
    WHERE destroyed_at IS NULL;
-- keys rotate finds what is not yet under the current master key.
CREATE INDEX personal_data_key_master ON personal_data_key (tenant_id, master_key_id);

ALTER TABLE personal_data_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE personal_data_key FORCE ROW LEVEL SECURITY;
CREATE POLICY personal_data_key_own ON personal_data_key TO crosslayer_app
    USING (tenant_id = current_setting('crosslayer.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('crosslayer.tenant_id', true));

-- No DELETE: a key is destroyed by clearing it, so that the erasure itself stays on record.
GRANT SELECT, INSERT, UPDATE ON personal_data_key TO crosslayer_app;
